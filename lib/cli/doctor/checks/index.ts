import type { Check } from '../types.js';
import { nodeVersion } from './nodeVersion.js';
import { configValid } from './configValid.js';
import { secretsPresent } from './secrets.js';
import { dataFolder } from './dataFolder.js';
import { freeDisk } from './freeDisk.js';
import { databaseReachable } from './databaseReachable.js';
import { migrationsCurrent } from './migrationsCurrent.js';
import { databaseSettings } from './databaseSettings.js';
import { redisReachable } from './redisReachable.js';
import { smtpVerify } from './smtpVerify.js';
import { mailPromise } from './mailPromise.js';
import { portAvailable } from './portAvailable.js';
import { storagePermissions } from './storagePermissions.js';

/** Every check, in the order the report lists them: the machine, the files, then the services. */
export const checks: readonly Check[] = [
  nodeVersion,
  configValid,
  secretsPresent,
  dataFolder,
  freeDisk,
  storagePermissions,
  databaseReachable,
  migrationsCurrent,
  databaseSettings,
  redisReachable,
  smtpVerify,
  mailPromise,
  portAvailable,
];
