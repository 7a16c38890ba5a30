/* observation.c - helpers on server addresses and per-address observations. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "core/observation.h"

int server_addr_from_text(struct server_addr *addr, const char *text, uint16_t port)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)&addr->sa;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&addr->sa;

	memset(addr, 0, sizeof *addr);
	if (strlen(text) >= sizeof addr->text)
		return -1;
	if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		addr->salen = sizeof *v4;
		addr->family = AF_INET;
	} else if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		addr->salen = sizeof *v6;
		addr->family = AF_INET6;
	} else {
		return -1;
	}
	server_addr_set_port(addr, port);
	/* canonical text form, whatever the user typed */
	inet_ntop(addr->family,
		  addr->family == AF_INET ? (const void *)&v4->sin_addr
					  : (const void *)&v6->sin6_addr,
		  addr->text, sizeof addr->text);
	return 0;
}

int server_addr_from_bytes(struct server_addr *addr, int family, const uint8_t *bytes, size_t len,
			   uint16_t port)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)&addr->sa;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&addr->sa;

	memset(addr, 0, sizeof *addr);
	if (family == AF_INET && len == 4) {
		v4->sin_family = AF_INET;
		memcpy(&v4->sin_addr, bytes, 4);
		addr->salen = sizeof *v4;
	} else if (family == AF_INET6 && len == 16) {
		v6->sin6_family = AF_INET6;
		memcpy(&v6->sin6_addr, bytes, 16);
		addr->salen = sizeof *v6;
	} else {
		return -1;
	}
	addr->family = family;
	server_addr_set_port(addr, port);
	inet_ntop(family, bytes, addr->text, sizeof addr->text);
	return 0;
}

void server_addr_set_port(struct server_addr *addr, uint16_t port)
{
	if (addr->family == AF_INET)
		((struct sockaddr_in *)&addr->sa)->sin_port = htons(port);
	else if (addr->family == AF_INET6)
		((struct sockaddr_in6 *)&addr->sa)->sin6_port = htons(port);
}

uint16_t server_addr_port(const struct server_addr *addr)
{
	if (addr->family == AF_INET)
		return ntohs(((const struct sockaddr_in *)&addr->sa)->sin_port);
	if (addr->family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)&addr->sa)->sin6_port);
	return 0;
}

bool server_addr_same(const struct server_addr *a, const struct server_addr *b)
{
	if (!server_addr_same_ip(a, b) || server_addr_port(a) != server_addr_port(b))
		return false;
	return a->family != AF_INET6 || ((const struct sockaddr_in6 *)&a->sa)->sin6_scope_id ==
					    ((const struct sockaddr_in6 *)&b->sa)->sin6_scope_id;
}

bool server_addr_same_ip(const struct server_addr *a, const struct server_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return memcmp(&((const struct sockaddr_in *)&a->sa)->sin_addr,
			      &((const struct sockaddr_in *)&b->sa)->sin_addr,
			      sizeof(struct in_addr)) == 0;
	return memcmp(&((const struct sockaddr_in6 *)&a->sa)->sin6_addr,
		      &((const struct sockaddr_in6 *)&b->sa)->sin6_addr,
		      sizeof(struct in6_addr)) == 0;
}

bool observation_failed(const struct observation *obs)
{
	return obs->outcome != OUTCOME_ANSWERED;
}

const char *observation_describe_failure(const struct observation *obs, char *buf, size_t size)
{
	switch (obs->outcome) {
	case OUTCOME_ANSWERED:
		snprintf(buf, size, "answered");
		break;
	case OUTCOME_LAME:
		snprintf(buf, size, "lame (%s)", obs->error);
		break;
	case OUTCOME_UNREACHABLE:
		snprintf(buf, size, "unreachable (%s)", obs->error);
		break;
	case OUTCOME_INVALID:
		snprintf(buf, size, "invalid answers (%s)", obs->error);
		break;
	case OUTCOME_NO_ADDRESS:
		snprintf(buf, size, "no address%s%s", obs->error[0] ? ": " : "", obs->error);
		break;
	}
	return buf;
}

/* Text of why a question got no reply (enum unreach_reason). */
static const char *answer_unreach_text(unsigned reason)
{
	switch (reason) {
	case UNREACH_TIMEOUT:
		return "timeout";
	case UNREACH_REFUSED:
		return "connection refused";
	case UNREACH_NO_ROUTE:
		return "no route";
	case UNREACH_NOT_ATTEMPTED:
		return "not asked: time budget spent";
	default:
		break;
	}
	return "network error";
}

const char *answer_fail_text(const struct answer_fail *f, char *buf, size_t size)
{
	const char *text = "answered";

	switch ((enum answer_failure)f->why) {
	case ANSWER_OK:
		break;
	case ANSWER_RCODE:
		text = obs_rcode_name(f->detail);
		break;
	case ANSWER_NOT_AA:
		text = "not authoritative";
		break;
	case ANSWER_UNREACHABLE:
		text = answer_unreach_text(f->detail);
		break;
	case ANSWER_INVALID:
		text = "invalid answers";
		break;
	case ANSWER_TRUNCATED:
		text = "truncated over TCP";
		break;
	case ANSWER_NO_NS:
		text = "no NS records";
		break;
	case ANSWER_UNREADABLE:
		text = "a record that cannot be read";
		break;
	case ANSWER_TABLE_FULL:
		text = "too many distinct RRsets to keep (limit reached)";
		break;
	}
	snprintf(buf, size, "%s", text);
	return buf;
}

const char *obs_rcode_name(int rcode)
{
	/* every value of the 4-bit header RCODE has a name, so none is lost */
	static const char *const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
					    "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
					    "NXRRSET", "NOTAUTH", "NOTZONE",  "RCODE11",
					    "RCODE12", "RCODE13", "RCODE14",  "RCODE15"};

	if (rcode >= 0 && (size_t)rcode < sizeof names / sizeof names[0])
		return names[rcode];
	return "RCODE?";
}
