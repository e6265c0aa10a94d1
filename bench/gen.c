/*
 * gen: seeded generator of realistic tidy survey CSV for the surveykit benchmark.
 *
 *   gen ROWS [SEED] [--no-comment]
 *
 * The output depends only on ROWS and SEED: the PRNG is our own (splitmix64) and
 * no floating point touches a drawn value, so every machine writes the same bytes.
 * --no-comment drops the last column and leaves every other byte of each row as it
 * was, because comments are drawn from a separate stream; that gives tools that
 * cannot read quoted fields (datamash) the same data.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTBUF (1u << 20)
#define MAXLINE 2048u   /* comfortably above the longest row gen can build */

static uint64_t next64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Uniform in [0, n): multiply-shift; its bias (< n / 2^32) is irrelevant here. */
static uint32_t below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(((next64(s) >> 32) * n) >> 32);
}

/* Index drawn from a cumulative weight table of k entries. */
static int pick(uint64_t *s, const uint32_t *cum, int k)
{
	uint32_t r = below(s, cum[k - 1]);
	int i = 0;
	while (r >= cum[i])
		i++;
	return i;
}

static void cumulate(uint32_t *cum, const uint32_t *w, int k)
{
	uint32_t t = 0;
	for (int i = 0; i < k; i++)
		cum[i] = t += w[i];
}

/* Regions differ in size, sampling weight and mood; tilt > 0 shifts answers up. */
#define NREGION 8
static const char *const region_name[NREGION] = {
	"North", "South", "East", "West", "Central", "Nordics", "Iberia", "Benelux"};
static const uint32_t region_freq[NREGION] = {22, 18, 15, 14, 12, 8, 7, 4};
static const int region_tilt[NREGION] = {0, -3, -5, 2, 1, 5, -2, 3};
/* Post-stratification weights: over-sampled regions count less, in cents. */
static const int region_wcent[NREGION] = {80, 95, 105, 110, 100, 130, 140, 160};

#define NPLAN 4
static const char *const plan_name[NPLAN] = {"Free", "Basic", "Pro", "Enterprise"};
static const uint32_t plan_freq[NPLAN] = {40, 30, 20, 10};
static const int plan_tilt[NPLAN] = {-4, -1, 2, 4};

/* Over the two years the score drifts up a little, per quarter, so trends exist. */
#define NQUARTER 8
#define NDAYS 731   /* 2024-01-01 .. 2025-12-31; 2024 is a leap year */
#define DAY0 19723  /* days from 1970-01-01 to 2024-01-01 */

/* Base answer shares for 0..10 in percent: NPS +28, a long detractor tail. */
static const uint32_t nps_base[11] = {3, 1, 2, 2, 3, 5, 6, 11, 17, 22, 28};
static uint32_t nps_cum[NREGION][NPLAN][NQUARTER][11];

/* CSAT 1..5 follows the NPS answer, as it does in real surveys. */
static const uint32_t csat_w[4][5] = {
	{25, 30, 30, 12, 3},    /* detractor */
	{3, 7, 25, 45, 20},     /* passive */
	{1, 2, 7, 35, 55},      /* promoter */
	{5, 8, 17, 40, 30},     /* no NPS answer */
};
static uint32_t csat_cum[4][5];
static uint32_t region_cum[NREGION], plan_cum[NPLAN];

static void init_tables(void)
{
	cumulate(region_cum, region_freq, NREGION);
	cumulate(plan_cum, plan_freq, NPLAN);
	for (int i = 0; i < 4; i++)
		cumulate(csat_cum[i], csat_w[i], 5);
	for (int r = 0; r < NREGION; r++)
		for (int p = 0; p < NPLAN; p++)
			for (int q = 0; q < NQUARTER; q++) {
				int tilt = region_tilt[r] + plan_tilt[p] + (q - 3);
				uint32_t w[11];
				for (int k = 0; k < 11; k++)
					w[k] = nps_base[k] * (uint32_t)(100 + tilt * (k - 6));
				cumulate(nps_cum[r][p][q], w, 11);
			}
}

/*
 * Comment fragments, already in CSV-escaped form ("" is one quote). Several hold
 * commas of their own; joining them adds more.
 */
static const char *const frag_good[] = {
	"great product", "support answered within minutes", "honestly, it just works",
	"the \"\"Pro\"\" plan is worth every cent", "easy to set up",
	"our whole team uses it daily", "reports are clear, fast and accurate",
	"tr\xc3\xa8s bien", "would recommend to a friend", "love the new dashboard",
	"billing was painless", "the mobile app is \"\"just right\"\"",
};
static const char *const frag_mid[] = {
	"it's ok", "does what it says", "a bit pricey", "export could be faster",
	"setup took a while, but fine", "the \"\"Basic\"\" tier is limited",
	"documentation is so-so", "no complaints really", "UI feels dated",
	"some features are hidden, hard to find", "Kundenservice war okay",
};
static const char *const frag_bad[] = {
	"too expensive", "support never answered", "crashes on export, twice a week",
	"lost my data", "the \"\"upgrade\"\" broke everything", "slow, slow, slow",
	"cancelled after the trial", "billing charged me twice", "hard to use",
	"the sync is unreliable", "p\xc3\xa9simo servicio",
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);
	memcpy(p, s, n);
	return p + n;
}

/* Right-aligned zero-padded decimal of exactly w digits. */
static char *put_pad(char *p, uint64_t v, int w)
{
	for (int i = w - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + w;
}

static char *put_uint(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* Civil date from days since 1970-01-01 (Howard Hinnant's algorithm). */
static void civil(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* mood: 0 detractor, 1 passive, 2 promoter, 3 no answer. */
static char *put_comment(char *p, uint64_t *s, int mood)
{
	*p++ = '"';
	if (below(s, 100) < 22) {       /* many respondents leave it empty */
		*p++ = '"';
		return p;
	}
	int nfrag = 1 + (int)below(s, 4);
	const char *prev = NULL;
	for (int i = 0; i < nfrag; i++) {
		/* mostly on-mood fragments, sometimes a mixed feeling */
		int m = below(s, 100) < 75 ? mood : (int)below(s, 3);
		const char *f;
		if (m == 2)
			f = frag_good[below(s, NELEM(frag_good))];
		else if (m == 0)
			f = frag_bad[below(s, NELEM(frag_bad))];
		else
			f = frag_mid[below(s, NELEM(frag_mid))];
		if (f == prev)
			continue;
		if (i > 0)
			p = put_str(p, below(s, 1000) < 10 ? ".\n" : ", ");
		p = put_str(p, f);
		prev = f;
	}
	if (below(s, 4) == 0)
		*p++ = below(s, 2) ? '!' : '.';
	*p++ = '"';
	return p;
}

static int usage(void)
{
	fputs("usage: gen ROWS [SEED] [--no-comment]\n", stderr);
	return 2;
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	*v = strtoull(s, &end, 10);
	return *end ? -1 : 0;
}

int main(int argc, char **argv)
{
	uint64_t rows = 0, seed = 1;
	int nargs = 0, comments = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-comment") == 0)
			comments = 0;
		else if (nargs == 0 && parse_u64(argv[i], &rows) == 0)
			nargs++;
		else if (nargs == 1 && parse_u64(argv[i], &seed) == 0)
			nargs++;
		else
			return usage();
	}
	if (nargs == 0)
		return usage();

	init_tables();
	/* Two independent streams: comments never shift the other columns. */
	uint64_t s = seed, cs = seed ^ 0xc0ffee5eedfacadeu;
	next64(&cs);

	int idw = 8;
	for (uint64_t r = rows; r >= 100000000u; r /= 10)
		idw++;

	static char buf[OUTBUF];
	char *p = buf;
	p = put_str(p, comments ? "respondent_id,date,region,plan,nps,csat,weight,comment\n"
	                        : "respondent_id,date,region,plan,nps,csat,weight\n");

	/* Rows come in time order, as exports do: row i falls in the i-th time slot. */
	const uint64_t span = (uint64_t)NDAYS * 86400u;
	const uint64_t slot = rows ? span / rows : 0;

	for (uint64_t i = 0; i < rows; i++) {
		if ((size_t)(p - buf) > OUTBUF - MAXLINE) {
			if (fwrite(buf, 1, (size_t)(p - buf), stdout) != (size_t)(p - buf))
				goto write_error;
			p = buf;
		}
		uint64_t t = i * span / rows + (slot > 1 ? below(&s, (uint32_t)slot) : 0);
		int64_t day = (int64_t)(t / 86400u);
		uint32_t sec = (uint32_t)(t % 86400u);
		int y, mo, d;
		civil(DAY0 + day, &y, &mo, &d);

		int reg = pick(&s, region_cum, NREGION);
		int plan = pick(&s, plan_cum, NPLAN);
		int q = (int)(day * NQUARTER / NDAYS);
		int nps = pick(&s, nps_cum[reg][plan][q], 11);
		int nps_missing = below(&s, 1000) < 20;
		int mood = nps_missing ? 3 : nps >= 9 ? 2 : nps >= 7 ? 1 : 0;
		int csat = 1 + pick(&s, csat_cum[mood], 5);
		int csat_missing = below(&s, 1000) < 20;
		/* triangular noise of +-40 cents around the region's weight */
		int w = region_wcent[reg] + (int)below(&s, 41) + (int)below(&s, 41) - 40;
		w = w < 50 ? 50 : w > 200 ? 200 : w;

		*p++ = 'R';
		p = put_pad(p, i + 1, idw);
		*p++ = ',';
		p = put_pad(p, (uint64_t)y, 4);
		*p++ = '-';
		p = put_pad(p, (uint64_t)mo, 2);
		*p++ = '-';
		p = put_pad(p, (uint64_t)d, 2);
		*p++ = 'T';
		p = put_pad(p, sec / 3600, 2);
		*p++ = ':';
		p = put_pad(p, sec / 60 % 60, 2);
		*p++ = ':';
		p = put_pad(p, sec % 60, 2);
		*p++ = ',';
		p = put_str(p, region_name[reg]);
		*p++ = ',';
		p = put_str(p, plan_name[plan]);
		*p++ = ',';
		if (!nps_missing)
			p = put_uint(p, (uint64_t)nps);
		*p++ = ',';
		if (!csat_missing)
			*p++ = (char)('0' + csat);
		*p++ = ',';
		p = put_uint(p, (uint64_t)(w / 100));
		*p++ = '.';
		p = put_pad(p, (uint64_t)(w % 100), 2);
		if (comments) {
			*p++ = ',';
			p = put_comment(p, &cs, mood);
		}
		*p++ = '\n';
	}
	if (fwrite(buf, 1, (size_t)(p - buf), stdout) != (size_t)(p - buf) || fflush(stdout))
		goto write_error;
	return 0;

write_error:
	perror("gen: write");
	return 1;
}
