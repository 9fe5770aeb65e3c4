/* server.h: start the HTTP server and run until SIGINT or SIGTERM. */
#ifndef AITCERT_SERVER_H
#define AITCERT_SERVER_H

#include <stdbool.h>

struct store;

struct server_config {
	const char *host;  /* "127.0.0.1" */
	int port;          /* 0 = ephemeral; the chosen port is printed */
	const char *web_dir;
	struct store *store;
	bool test_clock;   /* enables POST /api/v1/test/clock */
	bool quiet;        /* no access log */
	int threads;
};

int server_run(const struct server_config *cfg);

#endif
