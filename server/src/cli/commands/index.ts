/** Every `iac-audit` sub-command, in the order `iac-audit --help` lists them. */
import type { Command } from '../command';
import { auditLogCommand } from './audit-log';
import { driftCommand } from './drift';
import { policiesCommand } from './policies';
import { scanCommand } from './scan';
import { suppressionsCommand } from './suppressions';

export const commands: Command[] = [scanCommand, policiesCommand, suppressionsCommand, auditLogCommand, driftCommand];
