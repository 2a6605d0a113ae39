/** Every `iac-audit` sub-command, in the order `iac-audit --help` lists them. */
import type { Command } from '../command';
import { policiesCommand } from './policies';
import { scanCommand } from './scan';

export const commands: Command[] = [scanCommand, policiesCommand];
