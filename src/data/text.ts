/**
 * Text to token ids, as Keras's `TextVectorization`: tokenise, build a vocabulary on the
 * training texts only (id 0 = padding, id 1 = out-of-vocabulary), map texts to ids, and
 * pad or truncate them into a batch.
 *
 * Tokenising uses `wink-tokenizer`, a maintained tokenizer that tags each token (word,
 * number, URL, e-mail, currency, emoticon, punctuation, ...), so e-mail text with links and
 * prices splits the way a reader would split it.
 */
import * as tf from '@tensorflow/tfjs';
import WinkTokenizer from 'wink-tokenizer';

/** Id of the padding token `''` (Keras's `TextVectorization` uses the same). */
export const PAD_ID = 0;
/** Id of the out-of-vocabulary token `'[UNK]'` (Keras's `TextVectorization` uses the same). */
export const OOV_ID = 1;

/** Options of {@link textVectorizer}. */
export interface TextVectorizerOptions {
  /**
   * Largest vocabulary, padding and `[UNK]` included (Keras's `max_tokens`): the most
   * frequent tokens are kept, ties broken alphabetically. Default: every token seen `minCount` times.
   */
  maxTokens?: number;
  /** Tokens seen fewer times than this in the training texts are out of vocabulary. Default `1`. */
  minCount?: number;
  /** Keep at most this many tokens of each text, the first ones (Keras's `output_sequence_length` truncates the same way). Default: no limit. */
  outputSequenceLength?: number;
  /** Lowercase the text first (Keras's `'lower_and_strip_punctuation'` does). Default `true`. */
  lowercase?: boolean;
  /** Drop punctuation and symbol tokens (`,` `!` `*` `>` ...; Keras strips punctuation); currency signs stay. Default `true`. */
  stripPunctuation?: boolean;
  /** Replace every URL, e-mail address and number by `<url>`, `<email>`, `<number>`, so they share one id each. Default `true`. */
  placeholders?: boolean;
}

const PLACEHOLDERS: Partial<Record<WinkTokenizer.Tag, string>> = { url: '<url>', email: '<email>', number: '<number>' };

/** A fitted (or not yet fitted) text vectorizer; make it with {@link textVectorizer}. */
export class TextVectorizer {
  /** Id of the padding token `''`: {@link PAD_ID}, 0 as in Keras. */
  readonly padId = PAD_ID;
  /** Id of the out-of-vocabulary token `'[UNK]'`: {@link OOV_ID}, 1 as in Keras. */
  readonly oovId = OOV_ID;
  private readonly tokenizer = new WinkTokenizer();
  private readonly options: Required<Omit<TextVectorizerOptions, 'maxTokens' | 'outputSequenceLength'>> &
    Pick<TextVectorizerOptions, 'maxTokens' | 'outputSequenceLength'>;
  private ids?: Map<string, number>;
  private vocab: string[] = [];

  constructor(options: TextVectorizerOptions = {}) {
    const { maxTokens, minCount = 1, outputSequenceLength, lowercase = true, stripPunctuation = true, placeholders = true } = options;
    if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && maxTokens >= 3)) {
      throw new Error(`textVectorizer: maxTokens must be an integer of at least 3 (padding, [UNK] and one token), got ${maxTokens}`);
    }
    if (!(Number.isInteger(minCount) && minCount >= 1)) {
      throw new Error(`textVectorizer: minCount must be a positive integer, got ${minCount}`);
    }
    if (outputSequenceLength !== undefined && !(Number.isInteger(outputSequenceLength) && outputSequenceLength >= 1)) {
      throw new Error(`textVectorizer: outputSequenceLength must be a positive integer, got ${outputSequenceLength}`);
    }
    this.options = { maxTokens, minCount, outputSequenceLength, lowercase, stripPunctuation, placeholders };
  }

  /** Splits one text into tokens, standardised as the options say. */
  tokenize(text: string): string[] {
    if (typeof text !== 'string') throw new Error(`TextVectorizer.tokenize: text must be a string, got ${typeof text}`);
    const source = this.options.lowercase ? text.toLowerCase() : text;
    const tokens: string[] = [];
    for (const { value, tag } of this.tokenizer.tokenize(source)) {
      if (this.options.stripPunctuation && (tag === 'punctuation' || tag === 'symbol')) continue;
      tokens.push((this.options.placeholders ? PLACEHOLDERS[tag] : undefined) ?? value);
    }
    return tokens;
  }

  /**
   * Builds the vocabulary from the training texts (Keras's `adapt`); replaces any earlier one.
   *
   * @throws Error for an empty corpus, a text that is not a string, or texts with no token at all.
   */
  adapt(texts: readonly string[]): this {
    if (!Array.isArray(texts) || texts.length === 0) {
      throw new Error(`TextVectorizer.adapt: texts must be a non-empty array of strings (the training corpus), got ${Array.isArray(texts) ? 'an empty array' : String(texts)}`);
    }
    const counts = new Map<string, number>();
    texts.forEach((text, i) => {
      if (typeof text !== 'string') throw new Error(`TextVectorizer.adapt: texts[${i}] must be a string, got ${typeof text}`);
      for (const token of this.tokenize(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
    });
    if (counts.size === 0) throw new Error(`TextVectorizer.adapt: the ${texts.length} texts hold no token; the vocabulary would be empty`);
    const ranked = [...counts.entries()]
      .filter(([, n]) => n >= this.options.minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([token]) => token);
    const room = this.options.maxTokens === undefined ? ranked.length : this.options.maxTokens - 2;
    this.vocab = ['', '[UNK]', ...ranked.slice(0, room)];
    this.ids = new Map(this.vocab.map((token, id) => [token, id]));
    return this;
  }

  /** The vocabulary by id: `''` (padding), `'[UNK]'`, then tokens from most to least frequent. */
  get vocabulary(): readonly string[] {
    return this.vocab;
  }

  /** Number of ids, padding and `[UNK]` included: the `inputDim` of the embedding. */
  get vocabularySize(): number {
    return this.vocab.length;
  }

  /** Each text's token ids (no padding), truncated to `outputSequenceLength`; unknown tokens get {@link OOV_ID}. */
  encode(texts: readonly string[]): number[][] {
    const ids = this.ids;
    if (ids === undefined) throw new Error('TextVectorizer.encode: the vocabulary is not built yet; call adapt(trainingTexts) first');
    const limit = this.options.outputSequenceLength ?? Infinity;
    return texts.map((text) => this.tokenize(text).slice(0, limit).map((token) => ids.get(token) ?? OOV_ID));
  }

  /** The tokens of a list of ids (padding dropped), for reading what the model saw. */
  decode(sequence: readonly number[]): string[] {
    return sequence.filter((id) => id !== PAD_ID).map((id) => this.vocab[id] ?? '[UNK]');
  }
}

/**
 * Makes a text vectorizer, as Keras's `TextVectorization(max_tokens=..., output_sequence_length=...)`:
 * `adapt` it on the training texts only, then `encode` any texts to ids and {@link padSequences} them.
 *
 * @param options {@link TextVectorizerOptions}; all optional.
 * @returns an unfitted {@link TextVectorizer}.
 * @throws Error naming the option for a `maxTokens` under 3, a `minCount` or `outputSequenceLength` that is not a positive integer.
 * @example
 * const v = textVectorizer({ maxTokens: 1000 }).adapt(['Win money now', 'see you at lunch']);
 * v.vocabulary.slice(0, 3); // => ['', '[UNK]', 'at']
 * v.encode(['win a lunch']); // => [[7, 1, 3]]
 * @see notebooks/07-text-classification.ipynb
 */
export function textVectorizer(options: TextVectorizerOptions = {}): TextVectorizer {
  return new TextVectorizer(options);
}

/**
 * Right-pads (with id 0) or truncates id sequences to one length, as Keras's
 * `pad_sequences(padding='post', truncating='post')`: the batch for an embedding with
 * `maskZero`. Right padding keeps every sequence's real steps first, so a masked GRU
 * reads them exactly as it would read the sequence alone.
 *
 * @param sequences id lists, e.g. from `TextVectorizer.encode`.
 * @param length the length of every row. Default: the longest sequence (at least 1).
 * @returns an int32 tensor `[sequences.length, length]`.
 * @throws Error for no sequences, a length that is not a positive integer, or an id that is not a non-negative integer.
 * @example
 * padSequences([[5, 2, 9], [7]]).arraySync(); // => [[5, 2, 9], [7, 0, 0]]
 * @see notebooks/07-text-classification.ipynb
 */
export function padSequences(sequences: readonly (readonly number[])[], length?: number): tf.Tensor2D {
  if (!Array.isArray(sequences) || sequences.length === 0) {
    throw new Error('padSequences: sequences must hold at least one sequence, got none');
  }
  const width = length ?? Math.max(1, ...sequences.map((s) => s.length));
  if (!(Number.isInteger(width) && width >= 1)) throw new Error(`padSequences: length must be a positive integer, got ${length}`);
  const values = new Int32Array(sequences.length * width);
  sequences.forEach((sequence, row) => {
    const n = Math.min(width, sequence.length);
    for (let t = 0; t < n; t++) {
      const id = sequence[t];
      if (!(Number.isInteger(id) && id >= 0)) {
        throw new Error(`padSequences: sequences[${row}][${t}] must be a non-negative integer id, got ${id}`);
      }
      values[row * width + t] = id;
    }
  });
  return tf.tensor2d(values, [sequences.length, width], 'int32');
}
