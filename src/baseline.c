/* baseline.c: saved runs to compare against (results/baselines/NAME). */
#include "syncbench/compare.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sb_baseline_path(const char *results_dir, const char *name, char *buf, size_t len, char *err, size_t errlen)
{
	size_t n = strlen(name);
	int ok = n > 0 && n <= 128 && name[0] != '.';
	for (size_t i = 0; ok && i < n; i++)
		ok = (name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
		     (name[i] >= '0' && name[i] <= '9') || strchr("._-", name[i]);
	if (!ok) {
		snprintf(err, errlen, "baseline name '%.40s': use letters, digits, '.', '_' and '-' (not first '.')", name);
		return -EINVAL;
	}
	if ((size_t)snprintf(buf, len, "%s/baselines/%s", results_dir, name) >= len) {
		snprintf(err, errlen, "baseline path too long");
		return -ENAMETOOLONG;
	}
	return 0;
}

static int copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC), rc = 0;
	if (in < 0)
		return -errno;
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		rc = -errno;
		close(in);
		return rc;
	}
	char buf[65536];
	ssize_t r;
	while ((r = read(in, buf, sizeof buf)) > 0) {
		for (ssize_t o = 0; o < r;) {
			ssize_t w = write(out, buf + o, (size_t)(r - o));
			if (w < 0) {
				if (errno == EINTR)
					continue;
				rc = -errno;
				goto done;
			}
			o += w;
		}
	}
	if (r < 0)
		rc = -errno;
	else if (fsync(out))
		rc = -errno;
done:
	close(in);
	if (close(out) && !rc)
		rc = -errno;
	return rc;
}

/* the files of a flat folder, then the folder */
static void remove_flat(const char *dir)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		char p[4600];
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
				snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
				unlink(p);
			}
		closedir(d);
	}
	rmdir(dir);
}

static int wanted(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && ((n > 4 && !strcmp(name + n - 4, ".csv")) || (n > 5 && !strcmp(name + n - 5, ".json")));
}

int sb_baseline_save(const char *results_dir, const char *name, const char *run, char *path, size_t pathlen,
		     char *err, size_t errlen)
{
	int rc = sb_baseline_path(results_dir, name, path, pathlen, err, errlen);
	if (rc)
		return rc;
	char p[4600], q[4600], tmp[4300];
	snprintf(p, sizeof p, "%s/results.csv", run);
	if (access(p, R_OK)) {
		rc = -errno;
		snprintf(err, errlen, "%s is not a run folder: %s: %s", run, p, strerror(errno));
		return rc;
	}
	snprintf(p, sizeof p, "%s/baselines", results_dir);
	if ((mkdir(results_dir, 0777) && errno != EEXIST) || (mkdir(p, 0777) && errno != EEXIST)) {
		rc = -errno;
		snprintf(err, errlen, "cannot create %s: %s", p, strerror(errno));
		return rc;
	}
	snprintf(tmp, sizeof tmp, "%s/baselines/.%s.tmp.%ld", results_dir, name, (long)getpid());
	remove_flat(tmp);
	if (mkdir(tmp, 0777)) {
		rc = -errno;
		snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
		return rc;
	}
	DIR *d = opendir(run);
	if (!d) {
		rc = -errno;
		snprintf(err, errlen, "cannot read %s: %s", run, strerror(errno));
		remove_flat(tmp);
		return rc;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!wanted(e->d_name))
			continue;
		snprintf(p, sizeof p, "%s/%s", run, e->d_name);
		snprintf(q, sizeof q, "%s/%s", tmp, e->d_name);
		struct stat sb;
		if (stat(p, &sb) || !S_ISREG(sb.st_mode))
			continue;
		if ((rc = copy_file(p, q))) {
			snprintf(err, errlen, "cannot copy %s: %s", p, strerror(-rc));
			break;
		}
	}
	closedir(d);
	if (rc) {
		remove_flat(tmp);
		return rc;
	}
	/* into place: a new name is a rename; an old baseline is exchanged with the new one at once
	 * (a reader sees the old or the new, never a half), then removed */
	if (rename(tmp, path) == 0)
		return 0;
	if (errno != ENOTEMPTY && errno != EEXIST) {
		rc = -errno;
		snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
		remove_flat(tmp);
		return rc;
	}
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE)) {
		rc = -errno;
		snprintf(err, errlen, "cannot replace %s: %s", path, strerror(errno));
		remove_flat(tmp);
		return rc;
	}
	remove_flat(tmp); /* now the old baseline */
	return 0;
}
