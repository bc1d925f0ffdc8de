"""PyTorch baseline of `npm run bench -- train`: one training job, figures as JSON on the last line.

Builds the ResNet-18 of src-main/training/models/resnet (buildResNet) layer for layer: the stem by input
size (3x3 stride 1 below 112; 7x7 stride 2 then 3x3 stride 2 max pool from 112), basic blocks with a 1x1
strided projection shortcut where resolution or width changes, stage widths max(8, round(c * width)),
global average pooling, a bias-free 128-wide dense layer, batch norm (the embedding), the logits layer.
Batch norm eps 1e-5 and momentum 0.1 (tf.layers' 0.9); residual branches start at zero gamma. SGD momentum
0.9 with weight decay 5e-4 on conv and dense kernels only, label smoothing 0.1: the step the tfjs side
times. One difference that does not change the work: TensorFlow's "same" padding of a stride-2 convolution
pads one more row and column at the bottom and right, PyTorch's padding k // 2 both sides (same output size).

Usage: train-torch.py --width W --input S --batch B --classes K --threads T --warmup N
       --target-seconds S --min-steps N --max-steps N [--memory-format auto|contiguous|channels_last]
"""

import argparse
import gc
import json
import math
import resource
import time

import torch
from torch import nn

BASE_CHANNELS = (64, 128, 256, 512)
MIN_CHANNELS = 8
LARGE_STEM_FROM = 112
EMBEDDING_SIZE = 128
SEED = 7


def stage_channels(width):
    # JavaScript's Math.round rounds halves up; Python's round() to even, so floor(x + 0.5).
    return [max(MIN_CHANNELS, math.floor(c * width + 0.5)) for c in BASE_CHANNELS]


def conv_bn(cin, cout, kernel, stride, zero_gamma=False):
    conv = nn.Conv2d(cin, cout, kernel, stride, padding=kernel // 2, bias=False)
    nn.init.kaiming_normal_(conv.weight, mode="fan_in", nonlinearity="relu")
    bn = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)
    if zero_gamma:
        nn.init.zeros_(bn.weight)
    return [conv, bn]


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.residual = nn.Sequential(
            *conv_bn(cin, cout, 3, stride), nn.ReLU(inplace=True), *conv_bn(cout, cout, 3, 1, zero_gamma=True)
        )
        projects = stride != 1 or cin != cout
        self.shortcut = nn.Sequential(*conv_bn(cin, cout, 1, stride)) if projects else nn.Identity()
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.relu(self.shortcut(x) + self.residual(x))


def dense(cin, cout, bias):
    layer = nn.Linear(cin, cout, bias=bias)
    nn.init.xavier_uniform_(layer.weight)
    if bias:
        nn.init.zeros_(layer.bias)
    return layer


def build_resnet18(width, input_size, classes):
    channels = stage_channels(width)
    large = input_size >= LARGE_STEM_FROM
    layers = [*conv_bn(3, channels[0], 7 if large else 3, 2 if large else 1), nn.ReLU(inplace=True)]
    if large:
        layers.append(nn.MaxPool2d(3, 2, padding=1))
    cin = channels[0]
    for stage, cout in enumerate(channels):
        for block in range(2):
            layers.append(BasicBlock(cin, cout, 2 if stage > 0 and block == 0 else 1))
            cin = cout
    features = nn.Sequential(*layers)
    head = nn.Sequential(
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        dense(cin, EMBEDDING_SIZE, bias=False),
        nn.BatchNorm1d(EMBEDDING_SIZE, eps=1e-5, momentum=0.1),
        dense(EMBEDDING_SIZE, classes, bias=True),
    )
    return features, head


def count_parameters(model):
    trainable = sum(p.numel() for p in model.parameters())
    # tf.layers' countParams includes batch norm's moving mean and variance; PyTorch keeps them as buffers.
    moving = ("running_mean", "running_var")
    stats = sum(b.numel() for name, b in model.named_buffers() if name.endswith(moving))
    return trainable, trainable + stats


class Job:
    """A model, its optimizer and a fixed random batch in one memory format."""

    def __init__(self, args, memory_format):
        torch.manual_seed(SEED)
        features, head = build_resnet18(args.width, args.input, args.classes)
        self.features = features
        self.model = nn.Sequential(features, head).to(memory_format=memory_format)
        # Weight decay on conv and dense kernels only, as decaysByDefault does.
        kernels = [p for p in self.model.parameters() if p.dim() > 1]
        others = [p for p in self.model.parameters() if p.dim() <= 1]
        groups = [{"params": kernels, "weight_decay": 5e-4}, {"params": others, "weight_decay": 0.0}]
        self.optimizer = torch.optim.SGD(groups, lr=0.01, momentum=0.9, nesterov=False)
        self.loss = nn.CrossEntropyLoss(label_smoothing=0.1)
        x = torch.randn(args.batch, 3, args.input, args.input)
        self.x = x.contiguous(memory_format=memory_format)
        self.y = torch.arange(args.batch) % args.classes
        self.model.train()

    def step(self):
        self.optimizer.zero_grad(set_to_none=True)
        loss = self.loss(self.model(self.x), self.y)
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def timed(self, steps):
        started = time.perf_counter()
        loss = math.nan
        for _ in range(steps):
            loss = self.step()
        return (time.perf_counter() - started) * 1000 / steps, loss


FORMATS = {"contiguous": torch.contiguous_format, "channels_last": torch.channels_last}


def probe_formats(args):
    """Each memory format's ms per step (1 warm-up, 2 timed), one model alive at a time."""
    probe = {}
    for name, memory_format in FORMATS.items():
        job = Job(args, memory_format)
        job.step()
        probe[name], _ = job.timed(2)
        del job
        gc.collect()
    return probe


def resident_mib():
    """This process's resident memory now, from /proc (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def main():
    parser = argparse.ArgumentParser()
    for name, kind in [("width", float), ("input", int), ("batch", int), ("classes", int), ("threads", int)]:
        parser.add_argument(f"--{name}", type=kind, required=True)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--target-seconds", type=float, default=15)
    parser.add_argument("--min-steps", type=int, default=3)
    parser.add_argument("--max-steps", type=int, default=200)
    parser.add_argument("--memory-format", choices=["auto", *FORMATS], default="auto")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    start_rss_mib = resident_mib()

    probe = probe_formats(args) if args.memory_format == "auto" else {}
    chosen = min(probe, key=probe.get) if probe else args.memory_format
    job = Job(args, FORMATS[chosen])
    warm_ms = 0.0
    for _ in range(args.warmup):
        warm_ms, _ = job.timed(1)
    wanted = math.ceil(args.target_seconds * 1000 / max(warm_ms, 1))
    steps = min(args.max_steps, max(args.min_steps, wanted))
    ms, loss = job.timed(steps)
    with torch.no_grad():
        feature_size = job.features(job.x[:1]).shape[-1]
    trainable, parameters = count_parameters(job.model)
    figures = {
        "imagesPerSecond": args.batch * 1000 / ms,
        "msPerStep": ms,
        "steps": steps,
        "parameters": parameters,
        "trainableParameters": trainable,
        "featureSize": int(feature_size),
        # ru_maxrss is in KiB on Linux.
        "startRssMiB": start_rss_mib,
        "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "memoryFormat": chosen,
        "probeMs": probe,
        "loss": loss,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
