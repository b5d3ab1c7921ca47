export * from './expect-eventually';
export * from './infrastructure';
export * from './databases';
export * from './app-processes';
export * from './kafka-context';
export * from './smtp-sink';
export * from './private-infrastructure';
