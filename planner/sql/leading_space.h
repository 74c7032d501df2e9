// Where the first word of a statement is: past white space and comments (`-- ...` to the end of
// the line, `/* ... */`, which nest in PostgreSQL).
#pragma once

#include <cstddef>
#include <string_view>

namespace backfill {

// The offset of the first byte at or after `from` that is neither white space nor inside a
// comment, or text.size().
size_t SkipSpaceAndComments(std::string_view text, size_t from);

}  // namespace backfill
