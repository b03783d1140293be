/*
 * The floor of `make bench`: parses an XML file with libxml2 SAX2, libxml2 pulling the bytes
 * through an I/O read callback (the API declaudit uses), and does nothing with the events.
 * No program built on libxml2 this way can be faster, so declaudit's throughput is quoted as a
 * share of this one's, measured on the same file in the same run.
 *
 *   floor FILE...   parses each file in turn; exit 0 if all are well-formed, 1 if one is not,
 *                   2 if one cannot be read
 *
 * The callbacks are registered (and empty) so that libxml2 does the same work of delivering
 * start tags with their attributes, end tags and text as it does for declaudit. The parser
 * options are declaudit's: XML_PARSE_NONET only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>

static int read_callback(void *context, char *buffer, int length) {
    int fd = *(int *)context;
    for (;;) {
        ssize_t got = read(fd, buffer, (size_t)length);
        if (got >= 0) return (int)got;
        if (errno != EINTR) return -1;
    }
}

static int close_callback(void *context) {
    (void)context;
    return 0;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                     const xmlChar **attributes) {
    (void)ctx; (void)localname; (void)prefix; (void)uri; (void)nb_namespaces; (void)namespaces;
    (void)nb_attributes; (void)nb_defaulted; (void)attributes;
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri) {
    (void)ctx; (void)localname; (void)prefix; (void)uri;
}

static void on_characters(void *ctx, const xmlChar *text, int length) {
    (void)ctx; (void)text; (void)length;
}

static void on_error(void *ctx, const xmlError *error) {
    (void)ctx; (void)error;
}

static int parse(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        perror(path);
        return 2;
    }
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_characters;
    sax.cdataBlock = on_characters;
    sax.serror = (xmlStructuredErrorFunc)on_error;
    xmlParserCtxtPtr ctxt =
        xmlCreateIOParserCtxt(&sax, NULL, read_callback, close_callback, &fd, XML_CHAR_ENCODING_NONE);
    if (ctxt == NULL) {
        close(fd);
        return 2;
    }
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
    xmlParseDocument(ctxt);
    int wellFormed = ctxt->wellFormed;
    xmlFreeParserCtxt(ctxt);
    close(fd);
    return wellFormed ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: floor FILE...\n");
        return 2;
    }
    xmlInitParser();
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int result = parse(argv[i]);
        if (result > status) status = result;
    }
    return status;
}
