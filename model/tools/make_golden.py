#!/usr/bin/env python3
"""Golden outputs of transformers' LlavaOnevision model for the tiny checkpoint, as one JSON file.

Run where PyTorch and transformers are installed (CPU works; no GPU needed):

    java -cp <model test classpath> dev.streamdycoke.model.checkpoint.TinyCheckpointWriter /tmp/tiny
    python3 model/tools/make_golden.py /tmp/tiny /tmp/tiny-golden.json

It writes the pooled video features (their first rows and sum), the logits of every generated step
and the 8 greedy ids for the input the golden test uses: 3 frames of float32(sin(0.001 * i))
pixels and the tiny tokenizer's prompt around the video placeholders, eos ignored.

The fixtures LlavaOnevisionGoldenTest reads (model/src/test/resources/golden/) were not written
by this script: they were produced directly with transformers 4.46 on CPU, float32, eager
attention, for the same input, and stored as little-endian float32 files plus hf.json (see that
folder's README). The test does not read this script's JSON.
"""
import json
import math
import sys

import torch
from transformers import AutoTokenizer, LlavaOnevisionForConditionalGeneration

FRAMES = 3
NEW_TOKENS = 8


def pixels(frames, size):
    # A deterministic pattern in [-1, 1] that Java reproduces exactly (float64 sin, then float32).
    n = frames * 3 * size * size
    idx = torch.arange(n, dtype=torch.float64)
    return torch.sin(idx * 0.001).float().reshape(1, frames, 3, size, size)


def main(checkpoint, out):
    torch.manual_seed(0)
    model = LlavaOnevisionForConditionalGeneration.from_pretrained(
        checkpoint, torch_dtype=torch.float32).eval()
    tok = AutoTokenizer.from_pretrained(checkpoint)
    cfg = model.config
    size = cfg.vision_config.image_size
    grid = size // cfg.vision_config.patch_size
    per_frame = math.ceil(grid / 2) ** 2
    video = pixels(FRAMES, size)

    prefix = tok.encode("<|im_start|>user ", add_special_tokens=False)
    question = tok.encode("\nwhat moves?<|im_end|><|im_start|>assistant\n", add_special_tokens=False)
    video_ids = [cfg.video_token_index] * (FRAMES * per_frame + 1)  # + image_newline
    input_ids = torch.tensor([prefix + video_ids + question])

    with torch.no_grad():
        feats = model.get_video_features(
            pixel_values=video,
            vision_feature_layer=cfg.vision_feature_layer,
            vision_feature_select_strategy=cfg.vision_feature_select_strategy)
        if isinstance(feats, (list, tuple)):
            feats = feats[0]
        gen = model.generate(
            input_ids=input_ids, pixel_values_videos=video, max_new_tokens=NEW_TOKENS,
            do_sample=False, output_logits=True, return_dict_in_generate=True,
            eos_token_id=None, pad_token_id=0)
    generated = gen.sequences[0, input_ids.shape[1]:].tolist()
    golden = {
        "frames": FRAMES,
        "prefix_ids": prefix,
        "question_ids": question,
        "video_features_first_rows": feats.reshape(-1, feats.shape[-1])[:8].tolist(),
        "video_features_sum": float(feats.double().sum()),
        "generated_ids": generated,
        "step_logits": [l[0].tolist() for l in gen.logits],
        "transformers": __import__("transformers").__version__,
        "torch": torch.__version__,
    }
    with open(out, "w") as f:
        json.dump(golden, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
