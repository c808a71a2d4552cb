// SIEM destinations: one class per destination kind, each bound by SiemForwarder.
export * from './siem-destination';
export * from './destinations';
export * from './splunk-destination';
export * from './http-destination';
export * from './bucket-destination';
export * from './secret-access';
export * from './secret-values';
export * from './endpoint';
export * from './delivery-alarms';
