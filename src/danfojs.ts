/**
 * `grulab/danfojs`: the danfojs-node that grulab's loaders build their DataFrames with.
 *
 * grulab ships danfojs-node inside its own package (npm's `bundleDependencies`), so that a
 * project installing grulab needs no `overrides`; a bundled package is not importable by
 * its own name from that project, hence this entry. Its DataFrames are the ones grulab's
 * functions take and return, and their tensors belong to the project's `@tensorflow/tfjs`.
 *
 * @example
 * import * as dfd from "grulab/danfojs";
 * new dfd.DataFrame({ Temp: [20.7, 17.9] }).shape; // => [2, 1]
 */
export * from 'danfojs-node';
