/* tests/stress_log.c: the log library from several threads at once, as a plain program so that it
 * also runs under ThreadSanitizer (Criterion cannot start there). Four threads emit records with
 * fields to a file, a CSV and a callback handler while the main thread creates loggers and changes
 * levels and formatters. Exit 0 when every record arrived exactly once, 1 otherwise. */
#include "syncbench/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { THREADS = 4, PER = 500 };

static atomic_int seen[THREADS];

static void on_record(const sb_log_record *rec, const char *line, void *arg)
{
	(void)line;
	(void)arg;
	const sb_log_field *f = sb_log_record_field(rec, "worker");
	if (f && f->type == SB_LOG_FIELD_INT && f->v.i >= 0 && f->v.i < THREADS)
		atomic_fetch_add(&seen[f->v.i], 1);
}

static void *emitter(void *arg)
{
	int id = (int)(long)arg;
	char name[32];
	snprintf(name, sizeof name, "worker-%d", id);
	sb_log_set_thread_name(name);
	sb_logger *lg = sb_log_get("stress.emit");
	for (int i = 0; i < PER; i++) {
		sb_log_field f[] = { SB_FINT("worker", id), SB_FINT("i", i), SB_FSTR("note", "a,b \"c\"") };
		SB_LOG_FIELDS(lg, SB_LOG_INFO, f, 3, "record %d of %s", i, name);
	}
	return NULL;
}

static int count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int n = 0, c;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

int main(void)
{
	char dir[] = "/tmp/stress_log.XXXXXX", logp[64], csvp[64], err[160];
	if (!mkdtemp(dir))
		return 1;
	snprintf(logp, sizeof logp, "%s/run.log", dir);
	snprintf(csvp, sizeof csvp, "%s/rows.csv", dir);
	sb_logger *root = sb_log_get("stress");
	sb_logger_set_level(root, SB_LOG_DEBUG);
	const char *cols[] = { "worker", "i", "note" };
	sb_log_handler *fh = sb_log_file_handler_new(logp, "w", err, sizeof err);
	sb_log_handler *ch = sb_log_csv_handler_new(csvp, cols, 3, err, sizeof err);
	sb_log_handler *cb = sb_log_callback_handler_new(on_record, NULL);
	if (!fh || !ch || !cb) {
		fprintf(stderr, "stress_log: %s\n", err);
		return 1;
	}
	sb_logger_add_handler(root, fh);
	sb_logger_add_handler(root, ch);
	sb_logger_add_handler(root, cb);
	pthread_t th[THREADS];
	for (long i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, emitter, (void *)i);
	/* configuration changes while records fly */
	for (int k = 0; k < 200; k++) {
		char name[32];
		snprintf(name, sizeof name, "stress.other.l%d", k);
		sb_logger_set_level(sb_log_get(name), SB_LOG_WARNING);
		sb_log_formatter *fm;
		if (sb_log_formatter_new(k % 2 ? "%(threadName)s %(message)s" : NULL, NULL, &fm, err, sizeof err) == 0)
			sb_log_handler_set_formatter(fh, fm);
		sb_log_set_process_name(k % 2 ? "stress" : "MainProcess");
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	sb_log_shutdown();
	int bad = 0;
	for (int i = 0; i < THREADS; i++)
		if (atomic_load(&seen[i]) != PER) {
			fprintf(stderr, "stress_log: worker %d: %d of %d records reached the callback\n", i, seen[i], PER);
			bad = 1;
		}
	int nl = count_lines(logp), nc = count_lines(csvp);
	if (nl != THREADS * PER || nc != THREADS * PER + 1) {
		fprintf(stderr, "stress_log: run.log has %d lines, rows.csv %d (want %d and %d)\n", nl, nc, THREADS * PER,
			THREADS * PER + 1);
		bad = 1;
	}
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		bad = 1;
	if (!bad)
		printf("stress_log: %d records from %d threads, each once in every handler\n", THREADS * PER, THREADS);
	return bad;
}
