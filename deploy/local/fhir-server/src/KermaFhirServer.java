import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.RequestValidatingInterceptor;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small FHIR R4 server for Kerma's push tests: HAPI FHIR's plain-server framework on an embedded Jetty, keeping
 * Observation, Patient, ImagingStudy and Device in memory. It answers what a FHIR server answers to what Kerma sends:
 * read (GET Type/id), update-as-create with a client id (PUT Type/id, a new version each time), search by identifier
 * (GET Type?identifier=system|value) and transaction Bundles of such PUTs (references to an entry's fullUrl become
 * Type/id, as FHIR's transaction rules say). Every request body is validated against the R4 core definitions by HAPI's
 * RequestValidatingInterceptor (an error-level issue answers 422); unknown profiles (the IG's) are not errors.
 *
 *   java KermaFhirServer PORT     prints {"ready":true,"baseUrl":...} once serving
 * FHIR_SERVER_TOKEN (environment): when set, every request needs "Authorization: Bearer <token>" (else 401).
 */
public final class KermaFhirServer {
  private static final FhirContext CONTEXT = FhirContext.forR4();

  /** Every stored version's JSON, by type and id; the newest last. */
  private static final Map<String, Map<String, List<String>>> STORE = new HashMap<>();

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: KermaFhirServer PORT");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    RestfulServer fhir = new RestfulServer(CONTEXT);
    fhir.setResourceProviders(List.of(
        new Provider<>(Observation.class), new Provider<>(Patient.class), new Provider<>(ImagingStudy.class), new Provider<>(Device.class)));
    fhir.registerProvider(new TransactionProvider());
    String token = System.getenv("FHIR_SERVER_TOKEN");
    if (token != null && !token.isEmpty()) fhir.registerInterceptor(new BearerTokenCheck(token));
    FhirInstanceValidator instanceValidator = instanceValidator();
    // Loading the R4 definitions takes tens of seconds: done before the ready line, not on the first request.
    CONTEXT.newValidator().registerValidatorModule(instanceValidator)
        .validateWithResult("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"warm-up\"}}");
    fhir.registerInterceptor(validating(instanceValidator));

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(fhir), "/fhir/*");
    server.setHandler(context);
    server.start();
    System.out.println("{\"ready\":true,\"baseUrl\":\"http://127.0.0.1:" + port + "/fhir\"}");
    System.out.flush();
    server.join();
  }

  private static FhirInstanceValidator instanceValidator() {
    ValidationSupportChain support = new ValidationSupportChain(
        new DefaultProfileValidationSupport(CONTEXT),
        new CommonCodeSystemsTerminologyService(CONTEXT),
        new InMemoryTerminologyServerValidationSupport(CONTEXT),
        new SnapshotGeneratingValidationSupport(CONTEXT));
    FhirInstanceValidator instanceValidator = new FhirInstanceValidator(support);
    // The Radiation Dose Summary IG is not available offline: its profiles are reported, not failed.
    instanceValidator.setErrorForUnknownProfiles(false);
    return instanceValidator;
  }

  private static RequestValidatingInterceptor validating(FhirInstanceValidator instanceValidator) {
    RequestValidatingInterceptor interceptor = new RequestValidatingInterceptor();
    interceptor.addValidatorModule(instanceValidator);
    interceptor.setFailOnSeverity(ResultSeverityEnum.ERROR);
    interceptor.setAddResponseHeaderOnSeverity(null);
    return interceptor;
  }

  /** Stores a resource as a new version of Type/id and answers that version. */
  private static synchronized Resource put(String type, String id, Resource resource) {
    List<String> versions = STORE.computeIfAbsent(type, t -> new LinkedHashMap<>()).computeIfAbsent(id, i -> new ArrayList<>());
    String version = String.valueOf(versions.size() + 1);
    resource.setId(new IdType(type, id, version));
    resource.getMeta().setVersionId(version);
    resource.getMeta().setLastUpdatedElement(new InstantType(new Date()));
    versions.add(CONTEXT.newJsonParser().encodeResourceToString(resource));
    return resource;
  }

  private static synchronized List<String> current(String type) {
    List<String> out = new ArrayList<>();
    for (List<String> versions : STORE.getOrDefault(type, Map.of()).values()) out.add(versions.get(versions.size() - 1));
    return out;
  }

  private static synchronized String currentOf(String type, String id) {
    List<String> versions = STORE.getOrDefault(type, Map.of()).get(id);
    return versions == null ? null : versions.get(versions.size() - 1);
  }

  public static final class Provider<T extends Resource> implements IResourceProvider {
    private final Class<T> type;

    Provider(Class<T> type) {
      this.type = type;
    }

    @Override
    public Class<T> getResourceType() {
      return type;
    }

    @Read
    public T read(@IdParam IdType id) {
      String json = currentOf(type.getSimpleName(), id.getIdPart());
      if (json == null) throw new ResourceNotFoundException(id);
      return CONTEXT.newJsonParser().parseResource(type, json);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam String body) {
      T resource = CONTEXT.newJsonParser().parseResource(type, body);
      boolean created = currentOf(type.getSimpleName(), id.getIdPart()) == null;
      Resource stored = put(type.getSimpleName(), id.getIdPart(), resource);
      MethodOutcome outcome = new MethodOutcome(stored.getIdElement());
      outcome.setCreated(created);
      outcome.setResource(stored);
      return outcome;
    }

    @Search
    public List<T> search(@OptionalParam(name = "identifier") TokenParam identifier) {
      List<T> out = new ArrayList<>();
      for (String json : current(type.getSimpleName())) {
        T resource = CONTEXT.newJsonParser().parseResource(type, json);
        if (identifier == null || hasIdentifier(resource, identifier)) out.add(resource);
      }
      return out;
    }

    private static boolean hasIdentifier(Resource resource, TokenParam wanted) {
      List<Identifier> identifiers = CONTEXT.newTerser().getValues(resource, "identifier", Identifier.class);
      for (Identifier i : identifiers) {
        // FHIR token search: "value" any system, "|value" no system, "system|value" that system.
        String system = wanted.getSystem();
        boolean systemMatches = system == null || (system.isEmpty() ? !i.hasSystem() : system.equals(i.getSystem()));
        if (systemMatches && wanted.getValue() != null && wanted.getValue().equals(i.getValue())) return true;
      }
      return false;
    }
  }

  /** Transactions of PUT Type/id entries (what Kerma pushes); anything else is refused as unsupported here. */
  public static final class TransactionProvider {
    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle) {
      if (bundle.getType() != Bundle.BundleType.TRANSACTION) throw new InvalidRequestException("Bundle.type must be transaction");
      Map<String, String> locations = new HashMap<>();
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        Bundle.BundleEntryRequestComponent request = entry.getRequest();
        String[] url = request.getUrl() == null ? new String[0] : request.getUrl().split("/");
        if (request.getMethod() != Bundle.HTTPVerb.PUT || url.length != 2 || entry.getResource() == null)
          throw new InvalidRequestException("this test server takes transactions of PUT Type/id entries only (got " + request.getMethod() + " " + request.getUrl() + ")");
        if (!url[0].equals(entry.getResource().fhirType())) throw new InvalidRequestException("entry " + request.getUrl() + " holds a " + entry.getResource().fhirType());
        if (entry.hasFullUrl()) locations.put(entry.getFullUrl(), request.getUrl());
      }
      Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
      synchronized (KermaFhirServer.class) {
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
          Resource resource = entry.getResource();
          for (ResourceReferenceInfo ref : CONTEXT.newTerser().getAllResourceReferences(resource)) {
            String target = ref.getResourceReference().getReferenceElement().getValue();
            if (target != null && locations.containsKey(target)) ref.getResourceReference().setReference(locations.get(target));
          }
          String[] url = entry.getRequest().getUrl().split("/");
          boolean created = currentOf(url[0], url[1]) == null;
          Resource stored = put(url[0], url[1], resource);
          response.addEntry().getResponse()
              .setStatus(created ? "201 Created" : "200 OK")
              .setLocation(stored.getIdElement().getValue())
              .setEtag("W/\"" + stored.getMeta().getVersionId() + "\"");
        }
      }
      return response;
    }
  }

  /** The bearer token check of FHIR_SERVER_TOKEN, before anything else is read. */
  public static final class BearerTokenCheck {
    private final String expected;

    BearerTokenCheck(String token) {
      expected = "Bearer " + token;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean check(RequestDetails request) {
      String header = request.getHeader("Authorization");
      if (header == null || !header.equals(expected)) throw new AuthenticationException("a valid bearer token is required");
      return true;
    }
  }
}
