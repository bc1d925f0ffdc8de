/**
 * Every custom tf.layers class a model trained here may hold, registered (by importing its module) so that
 * the model's model.json deserialises in this worker: the heads' cosine layer and normalisation, and the
 * fine-tuned ResNet-34's channel padding and folded scale layers. A new custom layer is added here too.
 */
import '../../training/models/heads/cosine-dense-layer';
import '../../training/models/heads/l2-normalize-layer';
import '../../training/models/pretrained-resnet34/pad-channels-layer';
import '../../training/models/pretrained-resnet34/scale-shift-layer';
