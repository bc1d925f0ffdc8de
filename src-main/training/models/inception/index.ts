export * from './inception-architectures';
export { buildInception, type InceptionOptions } from './inception-builder';
