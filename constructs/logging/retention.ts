/** The minimum days audit logs are kept: 8 years (Records Management Code of Practice). */
export const ARCHIVE_MIN_RETENTION_DAYS = 2922;

/** The most days S3 Object Lock can retain an object (100 years). */
export const MAX_OBJECT_LOCK_DAYS = 36500;

/** The minimum days security logs are kept: 6 months (NCSC guidance, DSPT C1). */
export const SECURITY_LOG_MIN_RETENTION_DAYS = 180;

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_GROUP_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
