import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * FHIR R4 structural validation with HAPI FHIR's instance validator and the R4 core definitions only (offline: no
 * terminology server, no implementation guide package; codes of LOINC, SNOMED CT and DICOM are not checked).
 *
 *   KermaFhirValidator FILE...   validate each JSON file, print one result line per file, exit 1 when any has an error
 *   KermaFhirValidator --serve   read one JSON resource per stdin line, answer one result line each (stays warm)
 *
 * A result line is JSON: {"source":..., "issues":[{"severity":"error","location":...,"message":...}]}.
 */
public final class KermaFhirValidator {
  private final FhirValidator validator;

  private KermaFhirValidator() {
    FhirContext context = FhirContext.forR4();
    ValidationSupportChain support = new ValidationSupportChain(
        new DefaultProfileValidationSupport(context),
        new CommonCodeSystemsTerminologyService(context),
        new InMemoryTerminologyServerValidationSupport(context),
        new SnapshotGeneratingValidationSupport(context));
    FhirInstanceValidator instanceValidator = new FhirInstanceValidator(support);
    // Implementation guide profiles named in meta.profile cannot be loaded here (their packages are not on Maven
    // Central): the resource is still validated against R4 core, and the profile is reported as a warning.
    instanceValidator.setErrorForUnknownProfiles(false);
    validator = context.newValidator().registerValidatorModule(instanceValidator);
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    KermaFhirValidator self = new KermaFhirValidator();
    if (args.length == 1 && args[0].equals("--serve")) {
      self.serve(out);
      return;
    }
    if (args.length == 0) {
      System.err.println("usage: KermaFhirValidator FILE... | --serve");
      System.exit(2);
    }
    boolean anyError = false;
    for (String file : args) {
      String json = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      Outcome outcome = self.validate(json);
      anyError |= outcome.hasError;
      out.println(outcome.line(file));
    }
    System.exit(anyError ? 1 : 0);
  }

  /** One line in, one line out; a ready line first so the caller knows the definitions are loaded. */
  private void serve(PrintStream out) throws Exception {
    validate("{\"resourceType\":\"Basic\",\"code\":{\"text\":\"warm-up\"}}");
    out.println("{\"ready\":true}");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    long n = 0;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) continue;
      n++;
      out.println(validate(line).line("stdin#" + n));
    }
  }

  private Outcome validate(String json) {
    ValidationResult result;
    try {
      result = validator.validateWithResult(json);
    } catch (RuntimeException e) {
      // A document the parser cannot read is an error of the document, reported like any other issue.
      return new Outcome(true, issue("fatal", "", String.valueOf(e.getMessage())));
    }
    StringBuilder issues = new StringBuilder();
    boolean hasError = false;
    for (SingleValidationMessage m : result.getMessages()) {
      String severity = m.getSeverity().getCode();
      hasError |= severity.equals("error") || severity.equals("fatal");
      if (issues.length() > 0) issues.append(',');
      issues.append(issue(severity, m.getLocationString(), m.getMessage()));
    }
    return new Outcome(hasError, issues.toString());
  }

  private static String issue(String severity, String location, String message) {
    return "{\"severity\":" + quote(severity) + ",\"location\":" + quote(location) + ",\"message\":" + quote(message) + "}";
  }

  private static String quote(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }

  private record Outcome(boolean hasError, String issuesJson) {
    String line(String source) {
      return "{\"source\":" + quote(source) + ",\"hasError\":" + hasError + ",\"issues\":[" + issuesJson + "]}";
    }
  }
}
