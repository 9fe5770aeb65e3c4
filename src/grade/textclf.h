/*
 * textclf.h: the built-in text classifier of `tune` tasks: multinomial
 * logistic regression on hashed character n-grams, trained by plain SGD.
 *
 * Features: the text is normalised as the kb bot does (bm25_normalize:
 * width and case folded, white space and punctuation cut the text into
 * segments); every character n-gram within a segment, for n from
 * ngram_min to ngram_max, is hashed (FNV-1a over its code points, seeded
 * by n, then a 64-bit finaliser) to one of 2^hash_bits features. A text's
 * vector holds the n-gram counts scaled to unit Euclidean length (an empty
 * vector stays zero). Each class also has a bias.
 *
 * Training (deterministic; no threads): weights start at zero; each epoch
 * visits the training set in an order shuffled by a fixed-seed generator
 * (TEXTCLF_SEED, splitmix64, Fisher-Yates on the previous epoch's order)
 * and, for each example, with p = softmax(W x + b) and class weight w_y:
 *     W <- (1 - lr * l2) W - lr * w_y (p - onehot(y)) x^T
 *     b <- b - lr * w_y (p - onehot(y))        (the bias is not decayed)
 * with a constant learning rate (the decay is applied through a scale
 * factor, so a step costs the example's non-zero features, not the whole
 * matrix). class_weight "balanced" gives w_c = n / (labels * n_c) as
 * scikit-learn; "none" gives 1. The epoch's loss is the mean over the
 * epoch of w_y * cross-entropy, each example's loss taken with the weights
 * just before its step. After each epoch the validation set is predicted
 * and its macro-F1 recorded.
 *
 * Prediction: the arg max of p (ties: the first label in declared order);
 * for two labels with a threshold t, the second declared label when its
 * probability is ≥ t, else the first. Macro-F1 follows scikit-learn
 * (labels = the declared labels, zero_division = 0).
 *
 * Bounds: the weight matrix (2^hash_bits × labels doubles) at most
 * TEXTCLF_MAX_WEIGHTS, the stored features of the training and validation
 * texts at most TEXTCLF_MAX_FEATURES, and epochs × (features + examples) ×
 * labels at most TEXTCLF_MAX_WORK; each is refused with a finding before
 * (or while) featurising, never by running out of time.
 */
#ifndef AITCERT_TEXTCLF_H
#define AITCERT_TEXTCLF_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct diags;

#define TEXTCLF_SEED 0x5eed2024u
#define TEXTCLF_MAX_LABELS 256
#define TEXTCLF_MAX_LABEL_BYTES 200
#define TEXTCLF_MAX_EXAMPLES 200000        /* each of train, valid and test */
#define TEXTCLF_MAX_TEXT_BYTES 65536       /* one text */
#define TEXTCLF_MAX_WEIGHTS (1u << 23)     /* doubles in the weight matrix: 64 MiB */
#define TEXTCLF_MAX_FEATURES (1u << 23)    /* stored (feature, count) pairs of train + valid: 64 MiB */
#define TEXTCLF_MAX_WORK 1000000000ULL     /* epochs × (pairs + examples) × labels, train and valid: ≈ 7 s */

/* Hyper-parameter ranges (checked by textclf_hyper_check). */
#define TEXTCLF_LR_MIN 1e-6
#define TEXTCLF_LR_MAX 5.0
#define TEXTCLF_EPOCHS_MAX 100
#define TEXTCLF_L2_MAX 0.1
#define TEXTCLF_NGRAM_MAX 5
#define TEXTCLF_HASH_BITS_MIN 10
#define TEXTCLF_HASH_BITS_MAX 20

enum textclf_class_weight { TEXTCLF_CW_NONE, TEXTCLF_CW_BALANCED };

struct textclf_hyper {
	double learning_rate; /* TEXTCLF_LR_MIN..TEXTCLF_LR_MAX, constant */
	int epochs;           /* 1..TEXTCLF_EPOCHS_MAX */
	double l2;            /* 0..TEXTCLF_L2_MAX */
	int ngram_min;        /* 1 <= ngram_min <= ngram_max <= TEXTCLF_NGRAM_MAX */
	int ngram_max;
	enum textclf_class_weight class_weight;
	bool has_threshold;   /* two labels only */
	double threshold;     /* 0..1, when has_threshold */
	int hash_bits;        /* 10..20 and 2^hash_bits × labels <= TEXTCLF_MAX_WEIGHTS */
};

struct textclf_example {
	const char *text;
	int label; /* index into the declared labels */
};

struct textclf_data {
	const char *const *labels; /* declared labels, 2..TEXTCLF_MAX_LABELS */
	size_t n_labels;
	const struct textclf_example *train; /* at least one example */
	size_t n_train;
	const struct textclf_example *valid; /* may be empty */
	size_t n_valid;
};

/* What a progress callback sees. */
struct textclf_progress {
	int epoch;             /* 1-based: the epoch running, or just finished when epoch_end */
	int epochs;
	uint64_t done, total;  /* training steps done / epochs × n_train */
	bool epoch_end;        /* true once per epoch, after its validation; loss and valid_macro_f1 are set */
	double loss;           /* the epoch's mean training loss */
	double valid_macro_f1; /* NaN when there is no validation set */
};

/*
 * A progress callback: called about every 1% of the training steps and at
 * the end of every epoch, from the training thread. Returning non-zero
 * cancels the training (textclf_train then fails with a finding).
 */
struct textclf_callback {
	int (*fn)(const struct textclf_progress *p, void *user);
	void *user;
};

struct textclf_model {
	struct textclf_hyper hyper;
	const char *const *labels;
	size_t n_labels;
	size_t n_features;       /* 2^hash_bits */
	double *weights;         /* [n_features * n_labels], feature-major: weights[f * n_labels + c] */
	double *bias;            /* [n_labels] */
	int epochs;              /* epochs run (= hyper.epochs) */
	double *loss_curve;      /* [epochs] mean training loss per epoch */
	double *valid_f1_curve;  /* [epochs] validation macro-F1 after each epoch; NaN when no validation set */
};

struct textclf_eval {
	size_t n;
	double accuracy; /* NaN when n = 0 */
	double macro_f1; /* NaN when n = 0 */
};

/* The defaults: learning_rate 0.1, epochs 10, l2 1e-4, n-grams 1..2, class weights none, no threshold, 18 bits. */
void textclf_hyper_defaults(struct textclf_hyper *h);

/*
 * Checks h against the ranges above for a task with n_labels labels; each
 * problem is a finding named field + "." + the parameter ("answers.hyper.epochs").
 * Returns 0 or -1.
 */
int textclf_hyper_check(const struct textclf_hyper *h, size_t n_labels, const char *field, struct diags *d);

/*
 * Reads a JSON hyper-parameter object {"learning_rate", "epochs", "l2",
 * "ngram_min", "ngram_max", "class_weight": "balanced"|"none",
 * "threshold": null|number, "hash_bits"} over the values already in *h
 * (members left out keep them), then checks the result. Unknown members,
 * wrong types and out-of-range values are findings named field.member.
 * Returns 0, or -1 (then *h may be partly updated).
 */
int textclf_hyper_from_json(const json_t *o, size_t n_labels, const char *field, struct textclf_hyper *h,
			    struct diags *d);

/*
 * The allowed ranges and the defaults d for a task with n_labels labels,
 * as JSON for the workbench's form (tied to the arena; NULL on exhaustion):
 *   {"learning_rate": {"min", "max", "default"}, "epochs": {...}, "l2": {...},
 *    "ngram_min": {...}, "ngram_max": {...}, "hash_bits": {"min", "max", "default"},
 *    "class_weight": {"values": ["none", "balanced"], "default"},
 *    "threshold": {"allowed": bool, "min": 0, "max": 1, "default": null|t}}
 * hash_bits.max already accounts for the weight bound with n_labels labels.
 */
json_t *textclf_hyper_ranges(struct arena *a, size_t n_labels, const struct textclf_hyper *d);

/* Reads declared labels: an array of 2..TEXTCLF_MAX_LABELS distinct non-empty strings. Returns 0 or -1. */
int textclf_labels_from_json(struct arena *a, const json_t *labels, const char *field, const char ***ret_labels,
			     size_t *ret_n, struct diags *d);

/*
 * Reads an array of at most TEXTCLF_MAX_EXAMPLES {"text", "label"} whose
 * labels are among labels[0..n_labels). Findings name field[i].member.
 * Returns 0 or -1.
 */
int textclf_examples_from_json(struct arena *a, const json_t *array, const char *field, const char *const *labels,
			       size_t n_labels, struct textclf_example **ret, size_t *ret_n, struct diags *d);

/*
 * Trains a model on data with hyper-parameters h (checked again here;
 * findings name "hyper.<member>"), reporting progress through the optional
 * callback. The model and its curves are allocated in the arena;
 * temporaries are freed before returning. Returns 0 and sets *ret_model,
 * or -1 with a finding (a bound exceeded, cancelled, out of memory).
 */
int textclf_train(struct arena *a, const struct textclf_data *data, const struct textclf_hyper *h,
		  const struct textclf_callback *progress, struct textclf_model **ret_model, struct diags *d);

/*
 * Predicts the label of text (index into the declared labels) and, when
 * ret_probs is not NULL, writes the n_labels class probabilities to it.
 * Returns -1 when the text is longer than TEXTCLF_MAX_TEXT_BYTES or memory
 * runs out.
 */
int textclf_predict(const struct textclf_model *m, const char *text, double *ret_probs);

/* Accuracy and macro-F1 of the model on ex[0..n). Returns 0, or -1 (text too long, out of memory). */
int textclf_evaluate(const struct textclf_model *m, const struct textclf_example *ex, size_t n,
		     struct textclf_eval *ret);

/*
 * Macro-F1 as scikit-learn's f1_score(average="macro", labels=0..k-1,
 * zero_division=0) from per-class counts: tp[c], pred[c] (predicted as c),
 * gold[c] (truly c).
 */
double textclf_macro_f1(const uint64_t *tp, const uint64_t *pred, const uint64_t *gold, size_t k);

/*
 * Reads a tune task's items, either {"train": [...], "valid": [...]} or rows
 * [{"id","text","label","split": "train"|"valid"}], into data (labels given).
 * Findings name "task.items...". Used by the grader and the live training.
 */
int textclf_data_from_items(struct arena *a, const json_t *items, const char *const *labels, size_t n_labels,
			    struct textclf_data *data, struct diags *d);

#endif
