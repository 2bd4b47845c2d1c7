/* bench/gbench/context.c: the machine and build information of the suite's meta.json
 * (sb_machine_read, the same reader and key names), added to google-benchmark's "context", which
 * already has date, host_name, num_cpus, mhz_per_cpu, caches and load_avg of its own. */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "syncbench/gbench.h"
#include "syncbench/machine.h"
#include "syncbench/result.h"

int sb_gbench_context_add(char *err, size_t len)
{
	sb_machine m;
	char schema[16], online[16], allowed[16], cores[16];

	sb_machine_read(&m);
	snprintf(schema, sizeof schema, "%d", SB_SCHEMA_VERSION);
	snprintf(online, sizeof online, "%d", m.cpus_online);
	snprintf(allowed, sizeof allowed, "%d", m.cpus_allowed);
	snprintf(cores, sizeof cores, "%d", m.cores);
	const char *kv[][2] = {
		{"schema_version", schema},
		{"harness", "google-benchmark"},
		{"host", m.host},
		{"cpu_model", m.cpu_model},
		{"microcode", m.microcode},
		{"cpus_online", online},
		{"cpus_allowed", allowed},
		{"cores", cores},
		{"cpu_caches", m.caches},   /* "caches" is google-benchmark's own key */
		{"governor", m.governor},
		{"turbo", m.turbo},
		{"kernel", m.kernel},
		{"glibc", m.glibc},
		{"compiler", m.compiler},
		{"flags", m.flags},
		{"git_commit", m.git_commit},
		{"liburcu", m.urcu_version},
	};
	for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
		int r = sb_gb_context_add(kv[i][0], kv[i][1]);
		if (r < 0) {
			snprintf(err, len, "context %s: %s", kv[i][0], strerror(-r));
			return r;
		}
	}
	return 0;
}
