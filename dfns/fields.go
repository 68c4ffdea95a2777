package dfns

import (
	"math"
	"strconv"
)

// fields walks one decoded JSON object and records the first problem as an
// error naming the field path ("challenge.user.id: is required"). Every
// accessor is a no-op once an error is recorded, so decoders read straight
// down the schema and check err once at the end.
type fields struct {
	// The path is built only when an error needs it: decoding a valid
	// document allocates no path strings.
	parent *fields
	name   string // the key in the parent, or the root's path
	index  int    // the element index when this object is in an array, else -1

	m    map[string]any
	base *Error   // the sentinel the errors refine, e.g. ErrInvalidChallenge
	err  *error   // shared by nested readers: the first error wins
	seen []string // the keys read, for unknown and rejectUnknown
}

func newFields(v any, path string, base *Error) *fields {
	var err error
	f := &fields{name: path, index: -1, base: base, err: &err}
	m, ok := v.(map[string]any)
	if !ok {
		f.fail(path, "must be a JSON object, got "+typeName(v))
		return f
	}
	f.m = m
	return f
}

func (f *fields) ok() bool { return *f.err == nil }

func (f *fields) fail(path, msg string) {
	if *f.err == nil {
		*f.err = fieldError(f.base, path, msg)
	}
}

// path is this object's field path, e.g. "challenge.excludeCredentials[2]".
func (f *fields) path() string {
	if f.parent == nil {
		return f.name
	}
	p := f.parent.path() + "." + f.name
	if f.index >= 0 {
		p += "[" + strconv.Itoa(f.index) + "]"
	}
	return p
}

func (f *fields) sub(key string) string { return f.path() + "." + key }

func (f *fields) wasRead(key string) bool {
	for _, k := range f.seen {
		if k == key {
			return true
		}
	}
	return false
}

// get returns the raw value; a missing required key is an error.
func (f *fields) get(key string, required bool) (any, bool) {
	if !f.ok() {
		return nil, false
	}
	f.seen = append(f.seen, key)
	v, present := f.m[key]
	if !present || v == nil {
		if required {
			f.fail(f.sub(key), "is required")
		}
		return nil, false
	}
	return v, true
}

// str reads a string; nonEmpty rejects "".
func (f *fields) str(key string, required, nonEmpty bool) string {
	v, ok := f.get(key, required)
	if !ok {
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		f.fail(f.sub(key), "must be a string, got "+typeName(v))
		return ""
	}
	if nonEmpty && s == "" {
		f.fail(f.sub(key), "must not be empty")
	}
	return s
}

// enum reads a string that must be one of set.
func (f *fields) enum(key string, required bool, set []string) string {
	s := f.str(key, required, false)
	if f.ok() && (s != "" || required) && !oneOf(s, set) {
		f.fail(f.sub(key), "must be one of "+joinOr(set)+", got "+quote(s))
	}
	return s
}

func (f *fields) boolean(key string, required bool) bool {
	v, ok := f.get(key, required)
	if !ok {
		return false
	}
	b, isBool := v.(bool)
	if !isBool {
		f.fail(f.sub(key), "must be a boolean, got "+typeName(v))
	}
	return b
}

// integer reads a JSON number that must be a whole number in int53 range.
func (f *fields) integer(key string, required bool) int64 {
	v, ok := f.get(key, required)
	if !ok {
		return 0
	}
	n, isNum := v.(float64)
	if !isNum || n != math.Trunc(n) || math.Abs(n) > 1<<53 {
		f.fail(f.sub(key), "must be an integer, got "+typeName(v))
		return 0
	}
	return int64(n)
}

// object returns a reader for a nested object, or nil when absent.
func (f *fields) object(key string, required bool) *fields {
	v, ok := f.get(key, required)
	if !ok {
		return nil
	}
	if _, isObj := v.(map[string]any); !isObj {
		f.fail(f.sub(key), "must be an object, got "+typeName(v))
		return nil
	}
	return &fields{parent: f, name: key, index: -1, m: v.(map[string]any), base: f.base, err: f.err}
}

// array returns the elements of a JSON array, or nil when absent.
func (f *fields) array(key string, required bool) []any {
	v, ok := f.get(key, required)
	if !ok {
		return nil
	}
	a, isArr := v.([]any)
	if !isArr {
		f.fail(f.sub(key), "must be an array, got "+typeName(v))
		return nil
	}
	return a
}

// element returns a reader for the i-th element of an array at key.
func (f *fields) element(key string, i int, v any) *fields {
	m, ok := v.(map[string]any)
	if !ok {
		f.fail(f.sub(key)+"["+strconv.Itoa(i)+"]", "must be an object, got "+typeName(v))
		return nil
	}
	return &fields{parent: f, name: key, index: i, m: m, base: f.base, err: f.err}
}

// stringList reads an optional array of strings.
func (f *fields) stringList(key string) []string {
	a := f.array(key, false)
	var out []string
	for i, v := range a {
		s, ok := v.(string)
		if !ok {
			f.fail(f.sub(key)+"["+strconv.Itoa(i)+"]", "must be a string, got "+typeName(v))
			return nil
		}
		out = append(out, s)
	}
	return out
}

// unknown returns the keys nobody read, for forward compatibility.
func (f *fields) unknown() map[string]any {
	var out map[string]any
	for k, v := range f.m {
		if !f.wasRead(k) {
			if out == nil {
				out = map[string]any{}
			}
			out[k] = v
		}
	}
	return out
}

// rejectUnknown fails on any key nobody read (for request bodies, which
// Dfns validates with additionalProperties:false).
func (f *fields) rejectUnknown() {
	for _, k := range sortedKeys(f.m) {
		if !f.wasRead(k) {
			f.fail(f.sub(k), "is not allowed")
			return
		}
	}
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

// quote quotes s for an error message, bounded so a hostile value cannot
// flood a log line.
func quote(s string) string {
	const max = 64
	if len(s) > max {
		s = s[:max] + "…"
	}
	return strconv.Quote(s)
}

func itoa(i int) string { return strconv.Itoa(i) }
