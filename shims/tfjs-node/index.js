// danfojs-node requires '@tensorflow/tfjs-node' (^3) for its tensors. The real package
// downloads libtensorflow in its install script, which fails where only the npm registry
// is reachable; danfojs uses only the pure-JS API (tensor1d, tensor2d, scalar, moments,
// Tensor, data), which @tensorflow/tfjs provides. This stand-in hands danfojs the
// @tensorflow/tfjs that grulab and the user's code load: one TensorFlow.js instance, so
// a DataFrame's `.tensor` is a tensor of the same engine as the model's. It is shipped
// inside grulab's package (bundleDependencies) and names @tensorflow/tfjs as a peer, so a
// project installing grulab resolves it to its own single copy.
module.exports = require('@tensorflow/tfjs');
