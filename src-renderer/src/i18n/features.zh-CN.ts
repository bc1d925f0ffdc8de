import type { featuresEn } from './features.en';

/** 特征图视图的简体中文字符串（键与 features.en.ts 相同）。 */
export const featuresZhCN: typeof featuresEn = {
  open: '网络看到了什么',
  title: '网络在人脸 #{id} 中看到了什么',
  faceAlt: '人脸 #{id}',
  model: '模型',
  activeModel: '{name}（当前使用）',
  keys: 'Esc 返回',
  loading: '正在计算…',
  loadingModel: '正在加载模型…',
  failed: '无法计算：{error}',
  activations: {
    title: '激活图',
    layer: '层',
    layerOption: '{name} · {width}×{height}×{channels}',
    channels: '通道数',
    alt: '层 {layer} 中最强的通道',
    caption:
      '{channels} 个通道中最强的 {shown} 个（每个 {width}×{height}），由强到弱；每个通道按自身范围缩放（暗为低，黄为高）。',
  },
  saliency: {
    title: '显著性（Grad-CAM）',
    reference: '对比对象',
    self: '这张脸本身',
    explain:
      '网络在人脸及其周围的哪些位置找到了使该人脸的嵌入向量与所选参照相似的依据。虚线框为检测到的人脸。',
    cropAlt: '带有周围背景的人脸，即网络看到的图像',
    crop: '网络看到的图像（{size}×{size} 像素）',
    overlayAlt: '叠加在人脸上的热力图',
    caption: '层 {layer}，{width}×{height} 个单元；越亮表示越重要。',
  },
};
