/* fixtures.c - one judged run for the judge and report unit tests (fixtures.h). */
#include "fixtures.h"

#include <stdio.h>
#include <string.h>

#include "report/report.h"

void fx_range(struct mp_range *r, const char *text)
{
	memset(r, 0, sizeof *r);
	if (text != NULL && mp_range_parse(text, r) != MP_RANGE_OK)
		printf("# bad test range %s\n", text);
}

void fx_init(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	fx_range(&f->w, "0");
	fx_range(&f->c, NULL);
	fx_range(&f->fw, "0");
	fx_range(&f->fc, NULL);
	f->cfg.warn_lag = &f->w;
	f->cfg.crit_lag = &f->c;
	f->cfg.warn_failed = &f->fw;
	f->cfg.crit_failed = &f->fc;
	f->cfg.ns_mismatch_state = MP_WARNING;
	f->zone = "example.com";
}

struct observation *fx_add(struct fixture *f, enum obs_outcome outcome)
{
	struct observation *o = &f->obs[f->n];
	struct server *s = &f->servers[f->n];
	char text[32];

	snprintf(f->names[f->n], sizeof f->names[f->n], "ns%zu.example.net", f->n + 1);
	snprintf(text, sizeof text, "192.0.2.%zu", f->n + 1);
	server_addr_from_text(&s->addr, text, 53);
	s->has_addr = outcome != OUTCOME_NO_ADDRESS;
	s->name = f->names[f->n];
	s->origin = ORIGIN_PARENT | ORIGIN_CHILD;
	s->host = f->n;
	o->outcome = outcome;
	o->rcode = outcome == OUTCOME_ANSWERED || outcome == OUTCOME_LAME ? 0 : -1;
	o->aa = outcome == OUTCOME_ANSWERED;
	f->n++;
	return o;
}

struct observation *fx_answer(struct fixture *f, uint32_t serial)
{
	struct observation *o = fx_add(f, OUTCOME_ANSWERED);

	o->has_soa = true;
	o->soa.serial = serial;
	return o;
}

struct observation *fx_add_at(struct fixture *f, const char *name, const char *addr,
			      enum obs_outcome outcome, uint32_t serial, uint32_t rtt_us,
			      const char *error)
{
	struct observation *o = &f->obs[f->n];
	struct server *s = &f->servers[f->n];

	snprintf(f->names[f->n], sizeof f->names[f->n], "%s", name);
	s->name = f->names[f->n++];
	if (addr != NULL)
		server_addr_from_text(&s->addr, addr, 53);
	s->has_addr = outcome != OUTCOME_NO_ADDRESS;
	s->origin = ORIGIN_PARENT | ORIGIN_CHILD;
	o->outcome = outcome;
	o->rcode = outcome == OUTCOME_ANSWERED ? 0 : outcome == OUTCOME_LAME ? 5 : -1;
	o->aa = outcome == OUTCOME_ANSWERED;
	o->has_soa = outcome == OUTCOME_ANSWERED;
	o->soa.serial = serial;
	o->rtt_us = rtt_us;
	o->transport = TRANSPORT_UDP;
	snprintf(o->error, sizeof o->error, "%s", error != NULL ? error : "");
	return o;
}

struct observation *fx_answer_at(struct fixture *f, const char *name, const char *addr,
				 uint32_t serial, uint32_t rtt_us)
{
	return fx_add_at(f, name, addr, OUTCOME_ANSWERED, serial, rtt_us, NULL);
}

void fx_run(struct fixture *f)
{
	f->in.servers = f->servers;
	f->in.obs = f->obs;
	f->in.n = f->n;
	judge_run(&f->in, &f->cfg, &f->v, f->per);
}

void fx_report_input(const struct fixture *f, struct report_input *r)
{
	*r = (struct report_input){.zone = f->zone,
				   .in = &f->in,
				   .cfg = &f->cfg,
				   .v = &f->v,
				   .per_addr = f->per,
				   .parent_only = f->parent_only,
				   .child_only = f->child_only,
				   .show_nsid = f->show_nsid,
				   .state_note = f->state_note};
}

const char *fx_report(struct fixture *f)
{
	struct report_input r;

	fx_run(f);
	fx_report_input(f, &r);
	mp_strbuf_free(&f->out);
	report_result(&r, &f->out);
	return mp_strbuf_str(&f->out);
}

void fx_free(struct fixture *f)
{
	mp_strbuf_free(&f->out);
}
