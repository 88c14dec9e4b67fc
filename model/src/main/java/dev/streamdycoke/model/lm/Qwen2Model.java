package dev.streamdycoke.model.lm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.streamdycoke.model.checkpoint.TensorLayout;
import dev.streamdycoke.model.checkpoint.TextConfig;
import dev.streamdycoke.model.checkpoint.WeightSource;

/**
 * The Qwen2 decoder of LLaVA-OneVision: RMSNorm, rotary positions, grouped-query attention with
 * biased q/k/v projections, SwiGLU MLP, tied or untied output head.
 *
 * <p>It is stateless between calls: every forward pass reads and extends a {@link KvCache} the
 * caller owns, so one model serves every camera session of a subtask. Not thread-safe; a subtask
 * uses it from one thread.
 *
 * <p>Attention is computed explicitly (not fused) because streaming needs what fused kernels hide:
 * the attention each cached visual token receives, and per-layer restriction of the rows attended
 * (dynamic pruning).
 */
public final class Qwen2Model implements AutoCloseable {
  private final TextConfig config;
  private final NDManager manager;
  private final DataType dataType;
  private final NDArray embedTokens;
  private final NDArray lmHeadT;
  private final NDArray finalNorm;
  private final Layer[] layers;
  private final RotaryEmbedding rope;
  private final float scale;

  private record Layer(
      NDArray inputNorm,
      NDArray qkvT,
      NDArray qkvBias,
      NDArray oT,
      NDArray postNorm,
      NDArray gateUpT,
      NDArray downT) {}

  /**
   * Loads the language model's weights.
   *
   * @param dataType float32 on CPU; float16 or bfloat16 on GPU
   */
  public Qwen2Model(TextConfig config, WeightSource weights, Device device, DataType dataType) {
    this.config = config;
    this.dataType = dataType;
    this.manager = NDManager.newBaseManager(device);
    int t = config.hiddenSize();
    int q = config.numHeads() * config.headDim();
    int kv = config.numKvHeads() * config.headDim();
    int inter = config.intermediateSize();
    String p = TensorLayout.LANGUAGE;
    this.embedTokens = load(weights, p + "embed_tokens.weight", config.vocabSize(), t);
    this.finalNorm = load(weights, p + "norm.weight", t);
    this.layers = new Layer[config.numLayers()];
    // Tensors that are reshaped after loading go through a scratch manager, closed once the
    // reshaped copy is kept: otherwise the loaded originals and the concatenations stay alive with
    // the model, 2.5 times its weights in memory.
    try (NDManager scratch = manager.newSubManager()) {
      this.lmHeadT =
          keep(
              config.tieWordEmbeddings()
                  ? copy(embedTokens.transpose())
                  : copy(
                      load(weights, TensorLayout.LM_HEAD, scratch, config.vocabSize(), t)
                          .transpose()));
    }
    for (int i = 0; i < layers.length; i++) {
      String l = p + "layers." + i + ".";
      try (NDManager scratch = manager.newSubManager()) {
        // One matmul for q, k and v, and one for gate and up: fewer, larger kernels on CPU.
        NDArray qkvT =
            NDArrays.concat(
                    new NDList(
                        load(weights, l + "self_attn.q_proj.weight", scratch, q, t),
                        load(weights, l + "self_attn.k_proj.weight", scratch, kv, t),
                        load(weights, l + "self_attn.v_proj.weight", scratch, kv, t)),
                    0)
                .transpose();
        NDArray qkvBias =
            NDArrays.concat(
                new NDList(
                    load(weights, l + "self_attn.q_proj.bias", scratch, q),
                    load(weights, l + "self_attn.k_proj.bias", scratch, kv),
                    load(weights, l + "self_attn.v_proj.bias", scratch, kv)),
                0);
        NDArray gateUpT =
            NDArrays.concat(
                    new NDList(
                        load(weights, l + "mlp.gate_proj.weight", scratch, inter, t),
                        load(weights, l + "mlp.up_proj.weight", scratch, inter, t)),
                    0)
                .transpose();
        layers[i] =
            new Layer(
                load(weights, l + "input_layernorm.weight", t),
                keep(copy(qkvT)),
                keep(copy(qkvBias)),
                keep(copy(load(weights, l + "self_attn.o_proj.weight", scratch, t, q).transpose())),
                load(weights, l + "post_attention_layernorm.weight", t),
                keep(copy(gateUpT)),
                keep(
                    copy(
                        load(weights, l + "mlp.down_proj.weight", scratch, t, inter).transpose())));
      }
    }
    this.rope =
        new RotaryEmbedding(
            manager, config.headDim(), config.ropeTheta(), config.maxPositions(), dataType);
    this.scale = (float) (1.0 / Math.sqrt(config.headDim()));
  }

  /**
   * A copy of {@code x} in new storage that stays in the autograd graph. On the PyTorch engine
   * DJL's {@code duplicate()} detaches, which would cut the gradients of training (which runs this
   * class on trainable weights), and {@code toType(sameType, true)} returns an alias, which would
   * read freed memory once the scratch manager that loaded a memory-mapped weight closes. An
   * out-of-place add allocates and is differentiable.
   */
  static NDArray copy(NDArray x) {
    return x.add(0f);
  }

  private NDArray load(WeightSource weights, String name, long... shape) {
    return load(weights, name, manager, shape);
  }

  private NDArray load(WeightSource weights, String name, NDManager into, long... shape) {
    return weights.load(name, new Shape(shape), into, dataType);
  }

  /** Moves an array made in a scratch manager to the model's, to outlive the scratch. */
  private NDArray keep(NDArray array) {
    array.attach(manager);
    return array;
  }

  public TextConfig config() {
    return config;
  }

  public DataType dataType() {
    return dataType;
  }

  public Device device() {
    return manager.getDevice();
  }

  /** A new, empty cache for one session; the caller closes it. */
  public KvCache newCache(NDManager owner) {
    return new KvCache(owner, layers.length);
  }

  /** Embeddings of token ids, {@code [n, hidden]}. */
  public NDArray embed(int[] ids, NDManager scratch) {
    long[] idx = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= config.vocabSize()) {
        throw new IllegalArgumentException("token id " + ids[i] + " is outside the vocabulary");
      }
      idx[i] = ids[i];
    }
    return embedTokens.get(new NDIndex("{}", scratch.create(idx)));
  }

  /** Moves host embeddings {@code [n, hidden]} onto the model's device and type. */
  public NDArray hidden(float[][] embeddings, NDManager scratch) {
    int t = config.hiddenSize();
    float[] flat = new float[embeddings.length * t];
    for (int i = 0; i < embeddings.length; i++) {
      if (embeddings[i].length != t) {
        throw new IllegalArgumentException(
            "embedding of width " + embeddings[i].length + ", the model's is " + t);
      }
      System.arraycopy(embeddings[i], 0, flat, i * t, t);
    }
    NDArray out = scratch.create(flat, new Shape(embeddings.length, t)).toDevice(device(), false);
    return dataType == DataType.FLOAT32 ? out : out.toType(dataType, false);
  }

  /**
   * Runs {@code hidden} ({@code [n, hidden]}, the embeddings of n new positions) through the
   * decoder, appending their keys and values to {@code cache}, and returns the final-normed hidden
   * state of the last new position ({@code [hidden]}).
   *
   * <p>Call it inside an {@link ai.djl.ndarray.NDScope}: intermediates are released with the scope,
   * the cache keeps what it appended.
   */
  public NDArray forward(NDArray hidden, KvCache cache, AttentionObserver observer) {
    NDArray x = decode(hidden, cache, observer);
    int n = (int) hidden.getShape().get(0);
    NDArray last = x.get(new NDIndex((n - 1) + ":" + n));
    return rmsNorm(last, finalNorm).reshape(config.hiddenSize());
  }

  /**
   * As {@link #forward}, but returns the final-normed hidden state of every new position ({@code
   * [n, hidden]}): training scores several positions of one pass (an answer word and the stop token
   * after it) through this same code path.
   */
  public NDArray forwardAll(NDArray hidden, KvCache cache, AttentionObserver observer) {
    return rmsNorm(decode(hidden, cache, observer), finalNorm);
  }

  /** Runs the decoder layers over n new positions; the last layer's output, not normed. */
  private NDArray decode(NDArray hidden, KvCache cache, AttentionObserver observer) {
    int n = (int) hidden.getShape().get(0);
    int start = cache.length();
    NDArray mask = n > 1 ? causalMask(n, start, hidden.getManager()) : null;
    NDArray x = hidden;
    for (int i = 0; i < layers.length; i++) {
      NDArray next;
      // A scope per layer keeps a pass's peak memory at one layer's intermediates.
      try (NDScope layerScope = new NDScope()) {
        layerScope.suppressNotUsedWarning();
        next = layer(i, x, start, mask, cache, observer);
        NDScope.unregister(next);
      }
      NDScope.register(next);
      if (x != hidden) {
        x.close();
      }
      x = next;
    }
    return x;
  }

  /** Next-token logits ({@code [vocab]}, float32) from a final-normed hidden state. */
  public NDArray logits(NDArray normedHidden) {
    return normedHidden
        .reshape(1, config.hiddenSize())
        .matMul(lmHeadT)
        .reshape(-1)
        .toType(DataType.FLOAT32, false);
  }

  /** Next-token logits ({@code [n, vocab]}) from final-normed hidden states {@code [n, hidden]}. */
  public NDArray logitsAll(NDArray normedHidden) {
    return normedHidden.matMul(lmHeadT).toType(DataType.FLOAT32, false);
  }

  private NDArray layer(
      int index, NDArray x, int start, NDArray mask, KvCache cache, AttentionObserver observer) {
    Layer w = layers[index];
    int n = (int) x.getShape().get(0);
    int heads = config.numHeads();
    int kvHeads = config.numKvHeads();
    int groups = heads / kvHeads;
    int hd = config.headDim();

    NDArray qkv = rmsNorm(x, w.inputNorm).matMul(w.qkvT).add(w.qkvBias);
    int q = heads * hd;
    int kv = kvHeads * hd;
    NDArray query = qkv.get(new NDIndex(":, 0:" + q));
    NDArray key = qkv.get(new NDIndex(":, " + q + ":" + (q + kv)));
    NDArray value = qkv.get(new NDIndex(":, " + (q + kv) + ":"));

    // [n, heads, hd] -> [kvHeads, groups * n, hd]: query head h reads kv head h / groups.
    NDArray qh = rope.apply(query.reshape(n, heads, hd).transpose(1, 0, 2), start);
    qh = qh.reshape(kvHeads, groups * n, hd);
    cache.append(
        index,
        key.reshape(n, kvHeads, hd).transpose(1, 0, 2),
        value.reshape(n, kvHeads, hd).transpose(1, 0, 2));
    int total = start + n;

    NDArray keys = rope.apply(cache.rawKeys(index), 0);
    NDArray values = cache.values(index);
    int[] rows = n == 1 ? observer.visibleRows(index, total) : null;
    if (rows != null) {
      NDArray rowIndex = x.getManager().create(KvCache.toLongs(rows)).toDevice(device(), false);
      keys = keys.get(new NDIndex(":, {}", rowIndex));
      values = values.get(new NDIndex(":, {}", rowIndex));
    }
    int attended = rows == null ? total : rows.length;

    NDArray scores = qh.matMul(keys.transpose(0, 2, 1)).mul(scale);
    if (scores.getDataType() != DataType.FLOAT32) {
      scores = scores.toType(DataType.FLOAT32, false);
    }
    if (mask != null) {
      scores =
          scores.reshape(kvHeads, groups, n, total).add(mask).reshape(kvHeads, groups * n, total);
    }
    NDArray probs = scores.softmax(-1);
    if (observer.wantsAttention(index)) {
      NDArray lastRow =
          probs.reshape(heads, n, attended).get(new NDIndex(":, " + (n - 1))).mean(new int[] {0});
      observer.observe(index, lastRow.toFloatArray(), rows);
    }
    if (probs.getDataType() != dataType) {
      probs = probs.toType(dataType, false);
    }
    NDArray context =
        probs.matMul(values).reshape(kvHeads, groups, n, hd).transpose(2, 0, 1, 3).reshape(n, q);
    NDArray h = x.add(context.matMul(w.oT));

    NDArray gateUp = rmsNorm(h, w.postNorm).matMul(w.gateUpT);
    int inter = config.intermediateSize();
    NDArray gate = gateUp.get(new NDIndex(":, 0:" + inter));
    NDArray up = gateUp.get(new NDIndex(":, " + inter + ":"));
    NDArray act = gate.mul(Activation.sigmoid(gate)).mul(up);
    return h.add(act.matMul(w.downT));
  }

  private NDArray rmsNorm(NDArray x, NDArray weight) {
    NDArray x32 = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
    NDArray variance = x32.square().mean(new int[] {-1}, true);
    NDArray normed = x32.div(variance.add((float) config.rmsNormEps()).sqrt());
    if (dataType != DataType.FLOAT32) {
      normed = normed.toType(dataType, false);
    }
    return normed.mul(weight);
  }

  /** Row i (position start + i) may attend to cache rows 0 .. start + i. */
  private NDArray causalMask(int n, int start, NDManager scratch) {
    int total = start + n;
    float[] mask = new float[n * total];
    for (int i = 0; i < n; i++) {
      for (int j = start + i + 1; j < total; j++) {
        mask[i * total + j] = Float.NEGATIVE_INFINITY;
      }
    }
    return scratch.create(mask, new Shape(n, total)).toDevice(device(), false);
  }

  @Override
  public void close() {
    rope.close();
    manager.close();
  }
}
