/* compare_table.c: the tables of compare and rank as aligned text, markdown, JSON or CSV. */
#include "compare_impl.h"

#include "syncbench/machine.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int sb_cmp_table_row(cmp_table *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		size_t nc = t->cap ? 2 * t->cap : 64;
		char **p = realloc(t->cells, nc * (size_t)t->ncols * sizeof *p);
		if (!p)
			return -ENOMEM;
		t->cells = p;
		t->cap = nc;
	}
	char **row = t->cells + t->nrows * (size_t)t->ncols;
	for (int i = 0; i < t->ncols; i++) {
		row[i] = strdup(cells[i] ? cells[i] : "");
		if (!row[i]) {
			while (i--)
				free(row[i]);
			return -ENOMEM;
		}
	}
	t->nrows++;
	return 0;
}

/* where: 0 before the table, 1 after it, 2 a warning */
int sb_cmp_table_note(cmp_table *t, int where, const char *fmt, ...)
{
	char ***list = where == 0 ? &t->notes : where == 1 ? &t->after : &t->warnings;
	size_t *n = where == 0 ? &t->nnotes : where == 1 ? &t->nafter : &t->nwarnings;
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	char **p = realloc(*list, (*n + 1) * sizeof *p);
	if (!p)
		return -ENOMEM;
	*list = p;
	if (!(p[*n] = strdup(line)))
		return -ENOMEM;
	(*n)++;
	return 0;
}

void sb_cmp_table_free(cmp_table *t)
{
	for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	for (size_t i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	for (size_t i = 0; i < t->nafter; i++)
		free(t->after[i]);
	for (size_t i = 0; i < t->nwarnings; i++)
		free(t->warnings[i]);
	free(t->notes);
	free(t->after);
	free(t->warnings);
}

/* display width of UTF-8 text: one column per code point */
static size_t width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static void csv_cell(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void json_list(FILE *out, const char *name, char **l, size_t n)
{
	fprintf(out, "  \"%s\": [", name);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", out);
		sb_json_str(out, l[i]);
	}
	fputs("]", out);
}

void sb_cmp_table_print(const cmp_table *t, int format, FILE *out)
{
	size_t nc = (size_t)t->ncols;
	switch (format) {
	case SB_FORMAT_CSV:
		for (size_t c = 0; c < nc; c++) {
			fputs(c ? "," : "", out);
			csv_cell(out, t->cols[c]);
		}
		fputc('\n', out);
		for (size_t r = 0; r < t->nrows; r++) {
			for (size_t c = 0; c < nc; c++) {
				fputs(c ? "," : "", out);
				csv_cell(out, t->cells[r * nc + c]);
			}
			fputc('\n', out);
		}
		return;
	case SB_FORMAT_JSON:
		fputs("{\n", out);
		json_list(out, "notes", t->notes, t->nnotes);
		fputs(",\n", out);
		json_list(out, "warnings", t->warnings, t->nwarnings);
		fputs(",\n", out);
		json_list(out, "summary", t->after, t->nafter);
		fputs(",\n  \"rows\": [", out);
		for (size_t r = 0; r < t->nrows; r++) {
			fputs(r ? ",\n    {" : "\n    {", out);
			for (size_t c = 0; c < nc; c++) {
				const char *v = t->cells[r * nc + c];
				fputs(c ? ", " : "", out);
				sb_json_str(out, t->cols[c]);
				fputs(": ", out);
				if (t->numeric[c])
					fputs(v[0] ? v : "null", out);
				else
					sb_json_str(out, v);
			}
			fputs("}", out);
		}
		fputs("\n  ]\n}\n", out);
		return;
	case SB_FORMAT_MARKDOWN:
		for (size_t i = 0; i < t->nnotes; i++)
			fprintf(out, "%s  \n", t->notes[i]);
		if (t->nnotes)
			fputc('\n', out);
		for (size_t c = 0; c < nc; c++)
			fprintf(out, "| %s ", t->cols[c]);
		fputs("|\n", out);
		for (size_t c = 0; c < nc; c++)
			fputs(t->numeric[c] ? "|---:" : "|---", out);
		fputs("|\n", out);
		for (size_t r = 0; r < t->nrows; r++) {
			for (size_t c = 0; c < nc; c++) {
				fputs("| ", out);
				for (const char *p = t->cells[r * nc + c]; *p; p++) {
					if (*p == '|')
						fputc('\\', out);
					fputc(*p, out);
				}
				fputc(' ', out);
			}
			fputs("|\n", out);
		}
		if (t->nafter)
			fputc('\n', out);
		for (size_t i = 0; i < t->nafter; i++)
			fprintf(out, "%s  \n", t->after[i]);
		return;
	default: {
		size_t *w = calloc(nc, sizeof *w);
		if (!w)
			return;
		for (size_t c = 0; c < nc; c++)
			w[c] = width(t->cols[c]);
		for (size_t r = 0; r < t->nrows; r++)
			for (size_t c = 0; c < nc; c++) {
				size_t x = width(t->cells[r * nc + c]);
				if (x > w[c])
					w[c] = x;
			}
		for (size_t i = 0; i < t->nnotes; i++)
			fprintf(out, "%s\n", t->notes[i]);
		for (size_t r = 0; r <= t->nrows; r++) {
			for (size_t c = 0; c < nc; c++) {
				const char *v = r ? t->cells[(r - 1) * nc + c] : t->cols[c];
				size_t pad = w[c] - width(v);
				if (c)
					fputs("  ", out);
				if (t->numeric[c])
					fprintf(out, "%*s%s", (int)pad, "", v);
				else if (c + 1 < nc)
					fprintf(out, "%s%*s", v, (int)pad, "");
				else
					fputs(v, out);
			}
			fputc('\n', out);
		}
		for (size_t i = 0; i < t->nafter; i++)
			fprintf(out, "%s\n", t->after[i]);
		free(w);
	}
	}
}
