/* mp_perfdata.c - format Monitoring Plugins performance data items and their numbers. */
#include "config.h"

#include "mp/mp_perfdata.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mp/mp_text.h"

/* Larger magnitudes are clamped so that the digits fit the 64-byte buffer. */
#define MP_PERF_NUMBER_LIMIT 1e50

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Copy printf's "%.6f" output from SRC to DST as -?DIGITS[.DIGITS], replacing
 * whatever decimal separator the current locale uses by '.'. */
static void copy_with_dot(char *dst, const char *src)
{
	if (*src == '-')
		*dst++ = *src++;
	while (is_digit(*src))
		*dst++ = *src++;
	while (*src != '\0' && !is_digit(*src))
		src++;
	if (*src != '\0')
		*dst++ = '.';
	while (is_digit(*src))
		*dst++ = *src++;
	*dst = '\0';
}

void mp_perf_format_number(char *buf, double value)
{
	char scratch[128];
	size_t len;

	if (!isfinite(value))
		value = 0.0;
	if (value > MP_PERF_NUMBER_LIMIT)
		value = MP_PERF_NUMBER_LIMIT;
	if (value < -MP_PERF_NUMBER_LIMIT)
		value = -MP_PERF_NUMBER_LIMIT;
	snprintf(scratch, sizeof(scratch), "%.6f", value);
	copy_with_dot(buf, scratch);
	len = strlen(buf);
	if (strchr(buf, '.') != NULL) {
		while (buf[len - 1] == '0')
			len--;
		if (buf[len - 1] == '.')
			len--;
		buf[len] = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
}

/* True when TEXT (at most SIZE bytes) is non-empty, NUL-terminated and made
 * only of characters a parsed range can contain. */
static bool range_text_is_clean(const char *text, size_t size)
{
	size_t i;

	for (i = 0; i < size && text[i] != '\0'; i++) {
		if (!is_digit(text[i]) && strchr("@~:.-", text[i]) == NULL)
			return false;
	}
	return i > 0 && i < size;
}

static bool range_present(const struct mp_range *range)
{
	return range != NULL && range->set;
}

/* Append RANGE as a perfdata field: nothing when unset, the text as given when
 * there is one, otherwise "[@](~|START):[END]" rebuilt from the bounds. */
static void range_append(struct mp_strbuf *sb, const struct mp_range *range)
{
	char num[64];

	if (!range_present(range))
		return;
	if (range_text_is_clean(range->text, sizeof(range->text))) {
		mp_strbuf_puts(sb, range->text);
		return;
	}
	if (range->inside)
		mp_strbuf_puts(sb, "@");
	if (range->start_infinite) {
		mp_strbuf_puts(sb, "~");
	} else {
		mp_perf_format_number(num, range->start);
		mp_strbuf_puts(sb, num);
	}
	mp_strbuf_puts(sb, ":");
	if (!range->end_infinite) {
		mp_perf_format_number(num, range->end);
		mp_strbuf_puts(sb, num);
	}
}

/* Append ";" and the number, or only ";" when HAS is false. */
static void number_field_append(struct mp_strbuf *sb, bool has, double value)
{
	char num[64];

	mp_strbuf_puts(sb, ";");
	if (has) {
		mp_perf_format_number(num, value);
		mp_strbuf_puts(sb, num);
	}
}

/* Append the unit of measurement, keeping only letters and '%'. */
static void uom_append(struct mp_strbuf *sb, const char *uom)
{
	for (; uom != NULL && *uom != '\0'; uom++) {
		if ((*uom >= 'a' && *uom <= 'z') || (*uom >= 'A' && *uom <= 'Z') || *uom == '%')
			mp_strbuf_append(sb, uom, 1);
	}
}

void mp_perf_append(struct mp_strbuf *sb, const struct mp_perf *perf)
{
	char value[64];
	size_t fields = 0; /* how many of warn;crit;min;max to print: up to the last one given */

	if (perf->has_max)
		fields = 4;
	else if (perf->has_min)
		fields = 3;
	else if (range_present(perf->crit))
		fields = 2;
	else if (range_present(perf->warn))
		fields = 1;
	if (sb->len > 0)
		mp_strbuf_puts(sb, " ");
	if (perf->label != NULL)
		mp_perf_label_append(sb, perf->label, strlen(perf->label));
	mp_perf_format_number(value, perf->value);
	mp_strbuf_puts(sb, "=");
	mp_strbuf_puts(sb, value);
	uom_append(sb, perf->uom);
	if (fields >= 1) {
		mp_strbuf_puts(sb, ";");
		range_append(sb, perf->warn);
	}
	if (fields >= 2) {
		mp_strbuf_puts(sb, ";");
		range_append(sb, perf->crit);
	}
	if (fields >= 3)
		number_field_append(sb, perf->has_min, perf->min);
	if (fields >= 4)
		number_field_append(sb, perf->has_max, perf->max);
}
