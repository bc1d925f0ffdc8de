export { FastBatchNormalization } from './fast-batch-norm';
export { batchNormInTraining, type BatchStatistics } from './batch-norm-training';
export { FastReLU, reluWithMaskGradient } from './fast-relu';
export { FastConv2D } from './fast-conv';
