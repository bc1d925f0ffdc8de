/**
 * The class of a layer tf.layers builds with `factory` (the package exports the factories, not the
 * classes), so that a layer here can extend it.
 */
export function layerClassOf<T extends object, A>(factory: (args: A) => T, args: A): new (args: A) => T {
  return (Object.getPrototypeOf(factory(args)) as { constructor: new (args: A) => T }).constructor;
}
