/* Parses a whole SQL file in one pg_query_parse call, the way a tool that does not split
 * statements would: the baseline for bench/ddl_scale.sh. Prints the parse tree's size. */
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: parse_whole FILE\n");
    return 2;
  }
  FILE* f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* text = malloc((size_t)size + 1);
  if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  text[size] = '\0';
  fclose(f);

  PgQueryParseResult result = pg_query_parse(text);
  int failed = result.error != NULL;
  if (failed)
    fprintf(stderr, "parse error: %s (cursor %d)\n", result.error->message, result.error->cursorpos);
  else
    printf("parse tree: %zu bytes of JSON\n", strlen(result.parse_tree));
  pg_query_free_parse_result(result);
  free(text);
  return failed;
}
