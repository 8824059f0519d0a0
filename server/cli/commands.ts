import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { registerCourseCommands } from '../courses/courses.cli.ts';
import { registerAccountCommands } from '../accounts/accounts.cli.ts';
import { registerCertificateCommands } from '../certificates/certificates.cli.ts';
import { registerStandardsCommands } from '../standards/standards.cli.ts';
import { registerReportCommands } from '../reports/reports.cli.ts';

/** Every CLI command is registered here; each lives in its feature's folder. */
export function registerCommands(program: Command): void {
  program
    .command('config')
    .description('check the configuration and print it, secrets hidden')
    .action(() => {
      const config = loadConfig();
      console.log(JSON.stringify({ ...config, sessionSecret: '[hidden]', certificateSigningKey: config.certificateSigningKey ? '[hidden]' : undefined }, null, 2));
    });
  registerCourseCommands(program);
  registerAccountCommands(program);
  registerCertificateCommands(program);
  registerStandardsCommands(program);
  registerReportCommands(program);
}
