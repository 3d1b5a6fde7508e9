import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface ValidationIssue {
  readonly severity: 'fatal' | 'error' | 'warning' | 'information';
  readonly location: string;
  readonly message: string;
}

/**
 * HAPI FHIR's R4 validator as a long-lived process (deploy/local/fhir-validator/validator.sh serve): one JVM loads
 * the R4 definitions once, then validates one resource per line. FHIR_VALIDATOR_SCRIPT overrides the script.
 */
export class FhirValidatorProcess {
  private readonly answers: ((line: string) => void)[] = [];
  private readonly stderr: string[] = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.on('data', (chunk: Buffer) => void this.stderr.push(chunk.toString('utf8')));
    createInterface({ input: child.stdout }).on('line', (line) => this.answers.shift()?.(line));
  }

  static async start(): Promise<FhirValidatorProcess> {
    const script = process.env.FHIR_VALIDATOR_SCRIPT ?? resolve(__dirname, '../../deploy/local/fhir-validator/validator.sh');
    const validator = new FhirValidatorProcess(spawn(script, ['serve'], { stdio: 'pipe' }));
    const ready = await validator.next();
    if (!ready.includes('"ready":true')) throw new Error(`the FHIR validator did not start: ${ready}`);
    return validator;
  }

  /** Every issue the validator reports for one resource (a Bundle validates its entries too). */
  async validate(resource: object): Promise<ValidationIssue[]> {
    this.child.stdin.write(`${JSON.stringify(resource)}\n`);
    return (JSON.parse(await this.next()) as { issues: ValidationIssue[] }).issues;
  }

  async stop(): Promise<void> {
    this.child.stdin.end();
    await new Promise<void>((done) => (this.child.exitCode === null ? this.child.once('exit', () => done()) : done()));
  }

  private next(): Promise<string> {
    return new Promise((answer, fail) => {
      const exited = () => fail(new Error(`the FHIR validator exited (${this.child.exitCode}): ${this.stderr.join('').slice(-2000)}`));
      this.child.once('exit', exited);
      this.answers.push((line) => {
        this.child.off('exit', exited);
        answer(line);
      });
    });
  }
}

export const errorsOf = (issues: readonly ValidationIssue[]) => issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
