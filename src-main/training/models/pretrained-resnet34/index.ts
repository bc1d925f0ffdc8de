export {
  buildPretrainedResNet34,
  type BuiltPretrainedResNet34,
  type PretrainedResNet34Options,
} from './pretrained-resnet34';
export * from './resnet34-stages';
export { PadChannels } from './pad-channels-layer';
export { ScaleShift } from './scale-shift-layer';
export {
  timeFinetuneSteps,
  type FinetuneStepTiming,
  type FinetuneStepTimingOptions,
} from './finetune-step-timing';
