/* tests/test_map.c: every map implementation at 1 and 2 workers passes its checks through the real
 * program (default mix and a small, write-heavy table; a lone worker's lookups and updates in
 * exactly the read_pct proportion); the table that deletes the wrong entry (negative control) is
 * caught; the rows' counters agree (entries = entries_start + inserts - deletes); every
 * implementation of the list keeps the insert/lookup/delete contract. The expected
 * row counts come from `list`. */
#include <criterion/criterion.h>

#include "prim/map_list.h"
#include "sbtest.h"
#include "sbtest_rows.h"

static char dir[64];
static void setup(void) { sbt_tmpdir(dir, sizeof dir); }
static void teardown(void) { sbt_rmdir(dir); }
TestSuite(map, .init = setup, .fini = teardown, .timeout = 120);

/* The row's counters (the check's figures, warm-up included): all there, the entries at the end
 * those at the start (the stable half of the keys and every other churning key) plus the
 * inserts minus the deletes, and no fewer than the window's reads and writes (an update that
 * found its pool empty is a stall). */
static void check_counters(const char *ctr, const char *params, const char *impl, const char *th, long long rd,
			   long long wr)
{
	long long lk, ins, del, start, end, stalls;
	int all = sbt_counter(ctr, "lookups", &lk) && sbt_counter(ctr, "inserts", &ins) &&
		  sbt_counter(ctr, "deletes", &del) && sbt_counter(ctr, "entries_start", &start) &&
		  sbt_counter(ctr, "entries", &end) && sbt_counter(ctr, "stalls", &stalls);
	cr_expect(all, "%s t=%s: counters '%s'", impl, th, ctr);
	if (!all)
		return;
	long long keys = 0;
	cr_expect(sbt_counter(params, "keys", &keys) && start == keys / 2 + (keys - keys / 2 + 1) / 2, "%s t=%s: %s, params %s", impl,
		  th, ctr, params);
	cr_expect(end == start + ins - del, "%s t=%s: entries %lld != %lld + %lld inserts - %lld deletes", impl, th,
		  end, start, ins, del);
	cr_expect(lk >= rd && ins + del + stalls >= wr, "%s t=%s: counters %s below the window's %lld reads, %lld writes",
		  impl, th, ctr, rd, wr);
}

static int check_rows(const char *csv, int expect_fail, int *rows)
{
	char *s = strdup(csv), *save = NULL;
	char *hdr = strtok_r(s, "\n", &save);
	int ci = sbt_col(hdr, "impl"), cc = sbt_col(hdr, "check"), ct = sbt_col(hdr, "threads");
	int cr = sbt_col(hdr, "read_ops"), cw = sbt_col(hdr, "write_ops"), cp = sbt_col(hdr, "read_pct");
	int cn = sbt_col(hdr, "counters"), cq = sbt_col(hdr, "params");
	cr_assert(ci >= 0 && cc >= 0 && ct >= 0 && cr >= 0 && cw >= 0 && cp >= 0 && cn >= 0 && cq >= 0, "header: %s", hdr);
	int bad = 0;
	*rows = 0;
	for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[64];
		sbt_csv_split(line, f, 64);
		(*rows)++;
		if (!expect_fail) {
			cr_expect(!strcmp(f[cc], "ok"), "%s t=%s: %s", f[ci], f[ct], f[cc]);
			cr_expect(atoll(f[cr]) > 0, "%s t=%s: no lookups", f[ci], f[ct]);
			if (strcmp(f[cp], "100"))
				cr_expect(atoll(f[cw]) > 0, "%s t=%s read_pct %s: no updates", f[ci], f[ct], f[cp]);
			if (strcmp(f[cp], "100") && !strcmp(f[ct], "1")) {
				/* a fixed interleave, not a draw: updates are (100 - read_pct) % of the
				 * operations, give or take the one cut off at each end of the window */
				long long rd = atoll(f[cr]), wr = atoll(f[cw]), want = (rd + wr) * (100 - atoi(f[cp])) / 100;
				cr_expect(llabs(wr - want) <= 2, "%s read_pct=%s: %lld updates of %lld operations",
					  f[ci], f[cp], wr, rd + wr);
			} else if (!strcmp(f[cp], "100"))
				cr_expect(atoll(f[cw]) == 0, "%s t=%s: updates at read_pct 100", f[ci], f[ct]);
			check_counters(f[cn], f[cq], f[ci], f[ct], atoll(f[cr]), atoll(f[cw]));
		}
		bad += strncmp(f[cc], "FAIL", 4) == 0;
	}
	free(s);
	return bad;
}

/* Every implementation at 1 and 2 workers, for each of the npct read percentages of extra. */
static void run_ok(const char *extra, int npct)
{
	int want_rows = sbt_listed("map/*", 0) * 2 * npct;
	char args[512];
	snprintf(args, sizeof args, "run -q -f 'map/*' -t 1,2 -d 20ms --warmup 5ms -r 1 --watchdog 2s %s -o %s/run", extra, dir);
	int st = sbt_run(dir, args);
	char p[160];
	snprintf(p, sizeof p, "%s/err.txt", dir);
	char *err = sbt_slurp(p);
	cr_assert_eq(st, 0, "exit %d: %s", st, err);
	free(err);
	snprintf(p, sizeof p, "%s/run/results.csv", dir);
	char *csv = sbt_slurp(p);
	cr_assert(csv, "no results.csv");
	int rows;
	cr_assert_eq(check_rows(csv, 0, &rows), 0);
	cr_assert_eq(rows, want_rows, "rows %d", rows);
	cr_assert(strstr(csv, "keys="), "keys in params");
	free(csv);
	snprintf(p, sizeof p, "%s/run/run.log", dir);
	char *log = sbt_slurp(p);
	cr_assert(log && strstr(log, "map/lfht/mixed t=2") && strstr(log, " inserts, "), "counts not logged");
	free(log);
}

Test(map, every_implementation_keeps_its_keys) { run_ok("", 1); }

Test(map, small_write_heavy_table) { run_ok("--keys 16 --read-pct 20,100", 2); }

Test(map, table_deleting_the_wrong_entry_is_caught)
{
	char args[512];
	snprintf(args, sizeof args,
		 "run -q --negative-controls -f 'map/broken/*' -t 1,2 --keys 64 -d 50ms --warmup 5ms -r 1 --watchdog 2s -o %s/run", dir);
	int st = sbt_run(dir, args);
	cr_assert_eq(st, 1, "a failed check must make the run exit 1, got %d", st);
	char p[160];
	snprintf(p, sizeof p, "%s/run/results.csv", dir);
	char *csv = sbt_slurp(p);
	int rows;
	cr_assert_eq(check_rows(csv, 1, &rows), 2, "both rows must fail: %s", csv);
	cr_assert(strstr(csv, "stable key"), "%s", csv);
	free(csv);
}

/* The shape every implementation offers: toggle inserts an absent key, deletes a present one. */
#define CONTRACT(NAME, FLAGS)                                                                       \
	do {                                                                                        \
		const int rcu = ((FLAGS) & SB_IMPL_NEEDS_RCU) != 0;                                 \
		sb_map_##NAME m;                                                                    \
		sb_mnode a, b, *gone = NULL;                                                        \
		memset(&a, 0, sizeof a);                                                            \
		memset(&b, 0, sizeof b);                                                            \
		atomic_store(&a.key, 7);                                                            \
		atomic_store(&a.value, 70);                                                         \
		atomic_store(&b.key, 7);                                                            \
		cr_assert_eq(sb_map_##NAME##_init(&m, 8), 0);                                       \
		if (rcu)                                                                            \
			urcu_memb_register_thread();                                                \
		uint64_t v = 0;                                                                     \
		cr_assert_eq(sb_map_##NAME##_lookup(&m, 7, 77, &v), 0, #NAME ": empty");            \
		cr_assert_eq(sb_map_##NAME##_toggle(&m, 7, 77, &a, &gone), SB_MAP_INSERTED, #NAME); \
		cr_assert_eq(sb_map_##NAME##_lookup(&m, 7, 77, &v), 1, #NAME ": found");            \
		cr_assert_eq(v, 70, #NAME ": value");                                               \
		cr_assert_eq(sb_map_##NAME##_count(&m, 0), 1, #NAME ": count");                     \
		cr_assert_eq(sb_map_##NAME##_toggle(&m, 7, 77, &b, &gone), SB_MAP_DELETED, #NAME);  \
		cr_assert_eq(gone, &a, #NAME ": the deleted entry is handed back");                 \
		cr_assert_eq(sb_map_##NAME##_lookup(&m, 7, 77, &v), 0, #NAME ": gone");             \
		cr_assert_eq(sb_map_##NAME##_count(&m, 0), 0, #NAME ": count 0");                   \
		if (rcu) {                                                                          \
			urcu_memb_unregister_thread();                                              \
			urcu_memb_synchronize_rcu();                                                \
		}                                                                                   \
		sb_map_##NAME##_destroy(&m);                                                        \
	} while (0);

Test(map, toggle_lookup_contract)
{
	/* the broken table's bug needs a second key in the bucket: alone it keeps the contract */
	SB_MAP_IMPLS(CONTRACT);
}
