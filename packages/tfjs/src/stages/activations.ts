/** Activation names tfjs-layers accepts (its spelling: hardSigmoid, not Keras's hard_sigmoid). */
export const ACTIVATIONS = [
  'linear', 'tanh', 'sigmoid', 'hardSigmoid', 'relu', 'relu6', 'elu', 'selu', 'softplus', 'softsign', 'swish', 'mish', 'gelu',
] as const;
