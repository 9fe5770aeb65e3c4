/*
 * live.c: the interactive helpers of two workbenches, used while the
 * candidate works (nothing here is graded):
 *  - kb: "try the bot": the candidate's current knowledge base answers a
 *    query with the same BM25 retrieval the grader uses;
 *  - tune: training the built-in classifier with the candidate's
 *    hyper-parameters in a background job, polled for progress, the loss
 *    curve and the validation macro-F1 per epoch.
 * Training jobs live in this process's memory (a few at a time, each
 * bounded by textclf's work limit); a restarted server forgets them and the
 * page simply starts a new one. Nothing here touches the hidden test split.
 */
#include <pthread.h>
#include <string.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/jsonv.h"
#include "grade/bm25.h"
#include "grade/textclf.h"
#include "store/store.h"

/* The attempt (the caller's own and still open) and its task at pos, of the given kind; NULL after answering. */
static json_t *own_open_task(struct request *r, const char *kind, json_t **ret_att)
{
	long long aid = req_param_id(r, 0), pos = req_param_id(r, 1);
	json_t *att = aid > 0 ? db_row(r->db, r->arena, ST_ATTEMPT_GET, "i", aid) : NULL;
	if (!att || json_integer_value(json_object_get(att, "user_id")) != r->user.id) {
		respond_error(r, E_NOT_FOUND);
		return NULL;
	}
	if (strcmp(json_string_value(json_object_get(att, "status")), "open") != 0 ||
	    now_s() >= json_integer_value(json_object_get(att, "deadline"))) {
		respond_error(r, E_DEADLINE);
		return NULL;
	}
	json_t *t = pos > 0 ? db_row(r->db, r->arena, ST_FORM_TASK_GET, "ii",
				     (long long)json_integer_value(json_object_get(att, "form_id")), pos)
			    : NULL;
	if (!t || strcmp(json_string_value(json_object_get(t, "kind")), kind) != 0) {
		respond_error(r, E_NOT_FOUND);
		return NULL;
	}
	if (ret_att)
		*ret_att = att;
	return t;
}

int api_attempt_bot(struct request *r)
{
	json_t *b = req_json(r);
	if (!b)
		return 0;
	if (!own_open_task(r, "kb", NULL))
		return 0;
	const char *query = NULL;
	jv_str(&r->diags, b, "query", true, 1, 300, &query);
	json_t *kb = json_object_get(b, "kb");
	struct bm25_entry *entries = NULL;
	size_t n = 0;
	if (!json_is_array(kb))
		diags_add(&r->diags, 0, "kb", "must be the list of knowledge-base entries", "必须是知识库条目列表");
	else
		bm25_entries_from_json(r->arena, kb, "kb", &entries, &n, &r->diags);
	if (respond_if_invalid(r))
		return 0;
	struct bm25_index *ix = bm25_index_build(r->arena, entries, n, &r->diags);
	if (!ix)
		return respond_error(r, E_INVALID);
	struct bm25_hit hits[5];
	int k = bm25_query(ix, query, 5, hits);
	json_t *results = json_array();
	for (int i = 0; i < k; i++) {
		const struct bm25_entry *e = &entries[hits[i].entry];
		json_array_append_new(results, json_pack("{s:s, s:s, s:s, s:f}", "id", e->id, "question", e->question, "answer",
							 e->answer ? e->answer : "", "score", hits[i].score));
	}
	return respond_json(r, 200, json_pack("{s:o}", "results", results));
}

/* ---- training jobs ------------------------------------------------------------ */

#define JOBS_MAX 16
#define JOBS_RUNNING_MAX 2
#define JOB_KEEP_S 600

struct job {
	bool used, running, done;
	char id[48];
	long long user_id, attempt_id, pos, finished_at;
	struct arena *arena; /* owned by the job: data, model, curves */
	struct textclf_data data;
	struct textclf_hyper hyper;
	double progress;
	int epochs;
	int epochs_done;
	double loss[TEXTCLF_EPOCHS_MAX];
	double valid_f1[TEXTCLF_EPOCHS_MAX];
	char error_en[200], error_zh[200];
};

static struct job jobs[JOBS_MAX];
static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;

static int on_progress(const struct textclf_progress *p, void *user)
{
	struct job *j = user;
	pthread_mutex_lock(&jobs_lock);
	j->progress = p->total ? (double)p->done / (double)p->total : 0;
	if (p->epoch_end && p->epoch >= 1 && p->epoch <= TEXTCLF_EPOCHS_MAX) {
		j->loss[p->epoch - 1] = p->loss;
		j->valid_f1[p->epoch - 1] = p->valid_macro_f1;
		j->epochs_done = p->epoch;
	}
	pthread_mutex_unlock(&jobs_lock);
	return 0;
}

static void *train_thread(void *arg)
{
	struct job *j = arg;
	struct diags d;
	diags_init(&d, j->arena);
	struct textclf_model *m = NULL;
	struct textclf_callback cb = {on_progress, j};
	int rc = textclf_train(j->arena, &j->data, &j->hyper, &cb, &m, &d);
	pthread_mutex_lock(&jobs_lock);
	if (rc < 0) {
		snprintf(j->error_en, sizeof j->error_en, "%s", d.n ? d.v[0].en : "training failed");
		snprintf(j->error_zh, sizeof j->error_zh, "%s", d.n ? d.v[0].zh : "训练失败");
	}
	j->progress = 1;
	j->running = false;
	j->done = true;
	j->finished_at = now_s();
	pthread_mutex_unlock(&jobs_lock);
	return NULL;
}

/* A free slot (reusing finished jobs older than JOB_KEEP_S); NULL when too many run. Call with the lock held. */
static struct job *job_slot(long long user_id)
{
	int running = 0;
	struct job *free_slot = NULL;
	long long now = now_s();
	for (int i = 0; i < JOBS_MAX; i++) {
		struct job *j = &jobs[i];
		if (j->used && j->running) {
			running++;
			if (j->user_id == user_id)
				return NULL; /* one training at a time per candidate */
			continue;
		}
		if (j->used && j->done && now - j->finished_at > JOB_KEEP_S) {
			arena_free(j->arena);
			memset(j, 0, sizeof *j);
		}
		if (!j->used && !free_slot)
			free_slot = j;
	}
	return running >= JOBS_RUNNING_MAX ? NULL : free_slot;
}

int api_attempt_train(struct request *r)
{
	json_t *b = req_json(r);
	if (!b)
		return 0;
	json_t *att = NULL;
	json_t *t = own_open_task(r, "tune", &att);
	if (!t)
		return 0;
	struct arena *ja = arena_new();
	if (!ja)
		return respond_error(r, E_NOMEM);
	/* A deep copy owned by the job's arena: the examples point into it after this request ends. */
	const json_t *m = json_arena(ja, json_deep_copy(json_object_get(t, "manifest")));
	const char **labels = NULL;
	size_t nl = 0;
	struct textclf_data data;
	/* As the grader does: built-in defaults, then the task's defaults, then what the candidate set. */
	struct textclf_hyper h;
	textclf_hyper_defaults(&h);
	const json_t *params = json_object_get(m, "params");
	const json_t *defaults = json_object_get(params, "defaults");
	/* The job keeps its own copies (in its arena): it outlives this request. */
	if (textclf_labels_from_json(ja, json_object_get(params, "labels"), "task.params.labels", &labels, &nl,
				     &r->diags) < 0 ||
	    textclf_data_from_items(ja, json_object_get(m, "items"), labels, nl, &data, &r->diags) < 0 ||
	    (defaults && textclf_hyper_from_json(defaults, nl, "task.params.defaults", &h, &r->diags) < 0) ||
	    textclf_hyper_from_json(json_object_get(b, "hyper"), nl, "hyper", &h, &r->diags) < 0) {
		arena_free(ja);
		return respond_error(r, E_INVALID);
	}
	pthread_mutex_lock(&jobs_lock);
	struct job *j = job_slot(r->user.id);
	if (!j) {
		pthread_mutex_unlock(&jobs_lock);
		arena_free(ja);
		return respond_error_msg(r, E_BUSY, "A training is already running; wait for it to finish.",
					 "已有训练正在进行，请等待其完成。");
	}
	memset(j, 0, sizeof *j);
	j->used = j->running = true;
	j->arena = ja;
	j->user_id = r->user.id;
	j->attempt_id = json_integer_value(json_object_get(att, "id"));
	j->pos = req_param_id(r, 1);
	j->data = data;
	j->hyper = h;
	j->epochs = h.epochs;
	char *id = random_token(r->arena, 16);
	snprintf(j->id, sizeof j->id, "%s", id ? id : "job");
	pthread_t th;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int rc = pthread_create(&th, &attr, train_thread, j);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		arena_free(ja);
		memset(j, 0, sizeof *j);
		pthread_mutex_unlock(&jobs_lock);
		return respond_error(r, E_BUSY);
	}
	json_t *out = json_pack("{s:s, s:i}", "job", j->id, "epochs", j->epochs);
	pthread_mutex_unlock(&jobs_lock);
	return respond_json(r, 202, out);
}

static json_t *curve(const double *v, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, v[i] == v[i] ? json_real(v[i]) : json_null()); /* NaN → null */
	return a;
}

int api_attempt_train_status(struct request *r)
{
	long long aid = req_param_id(r, 0), pos = req_param_id(r, 1);
	json_t *out = NULL;
	pthread_mutex_lock(&jobs_lock);
	for (int i = 0; i < JOBS_MAX; i++) {
		struct job *j = &jobs[i];
		if (!j->used || strcmp(j->id, r->params[2]) != 0 || j->user_id != r->user.id || j->attempt_id != aid ||
		    j->pos != pos)
			continue;
		out = json_pack("{s:s, s:f, s:b, s:i, s:o, s:o}", "job", j->id, "progress", j->progress, "done", j->done,
				"epochs", j->epochs, "loss_curve", curve(j->loss, j->epochs_done), "valid_macro_f1",
				curve(j->valid_f1, j->epochs_done));
		if (j->error_en[0])
			json_object_set_new(out, "error",
					    json_pack("{s:s, s:s}", "code", "invalid_field", "message",
						      strcmp(r->lang, "en") == 0 ? j->error_en : j->error_zh));
		break;
	}
	pthread_mutex_unlock(&jobs_lock);
	if (!out)
		return respond_error(r, E_NOT_FOUND);
	return respond_json(r, 200, out);
}
