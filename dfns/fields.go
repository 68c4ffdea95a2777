package dfns

import (
	"math"
	"strconv"
)

// fields walks one object of a parsed document and records the first
// problem as an error naming the field path ("challenge.user.id: is
// required"). Every accessor is a no-op once an error is recorded, so
// decoders read straight down the schema and check err once at the end.
type fields struct {
	// The path is built only when an error needs it: decoding a valid
	// document allocates no path strings.
	parent *fields
	name   string // the key in the parent, or the root's path
	index  int    // the element index when this object is in an array, else -1

	doc    *document
	obj    int    // the object's token, or -1 when the root is not an object
	cursor int    // the member key after the last one found, where get looks first
	base   *Error // the sentinel the errors refine, e.g. ErrInvalidChallenge
	err    *error // the document's: shared by nested readers, the first error wins
}

// newFields reads the document's root value, which must be an object.
func newFields(d *document, path string, base *Error) *fields {
	f := &d.root
	*f = fields{name: path, index: -1, doc: d, obj: 0, base: base, err: &d.err}
	if d.kind(0) != kindObject {
		f.obj = -1
		f.fail(path, "must be a JSON object, got "+d.typeName(0))
	}
	return f
}

// nested returns a reader for object token obj under f. Readers are
// carved from one slice with room for every nested object of the
// document, rather than allocated one by one.
func (f *fields) nested(name string, index, obj int) *fields {
	d := f.doc
	if len(d.readers) == cap(d.readers) {
		d.readers = make([]fields, 0, max(d.objects-1, 4))
	}
	d.readers = append(d.readers, fields{parent: f, name: name, index: index, doc: d, obj: obj, base: f.base, err: f.err})
	return &d.readers[len(d.readers)-1]
}

func (f *fields) ok() bool { return *f.err == nil }

// failWith records err, an error made elsewhere, unless one is recorded.
func (f *fields) failWith(err error) {
	if *f.err == nil {
		*f.err = err
	}
}

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

// member returns the value token of key, or -1, and marks the member as
// read. Decoders mostly ask for keys in the order Dfns sends them, so the
// search starts after the last member found. An object whose keys may
// repeat is scanned whole, since the last duplicate wins, as in JSON.parse.
func (f *fields) member(key string) int {
	d := f.doc
	first, end := f.obj+1, d.skip(f.obj)
	if d.tape[f.obj].flags&repeatedKeys != 0 {
		found := -1
		for k := d.findKey(key, first, end); k >= 0; k = d.findKey(key, d.skip(k+1), end) {
			found = k + 1
		}
		return found
	}
	from := max(f.cursor, first)
	k := d.findKey(key, from, end)
	if k < 0 {
		k = d.findKey(key, first, from)
	}
	if k < 0 {
		return -1
	}
	f.cursor = d.skip(k + 1)
	return k + 1
}

// findKey returns the first key token between member keys from and to
// that reads key, marking it read, or -1.
func (d *document) findKey(key string, from, to int) int {
	tape := d.tape
	for k := from; k < to; k = int(tape[k+1].next) {
		t := &tape[k]
		var match bool
		if t.flags&escaped == 0 {
			match = int(t.end-t.start) == len(key) && string(d.data[t.start:t.end]) == key
		} else {
			match = d.textIs(k, key)
		}
		if match {
			t.flags |= keyRead
			return k
		}
	}
	return -1
}

// get returns the value token of key; a missing (or null) required key is
// an error.
func (f *fields) get(key string, required bool) (int, bool) {
	if !f.ok() {
		return 0, false
	}
	v := f.member(key)
	if v < 0 || f.doc.kind(v) == kindNull {
		if required {
			f.fail(f.sub(key), "is required")
		}
		return 0, false
	}
	return v, true
}

// str reads a string; nonEmpty rejects "".
func (f *fields) str(key string, required, nonEmpty bool) string {
	v, ok := f.get(key, required)
	if !ok {
		return ""
	}
	if f.doc.kind(v) != kindString {
		f.fail(f.sub(key), "must be a string, got "+f.doc.typeName(v))
		return ""
	}
	s := f.doc.text(v)
	if nonEmpty && s == "" {
		f.fail(f.sub(key), "must not be empty")
	}
	return s
}

// enum reads a string that must be one of set.
func (f *fields) enum(key string, required bool, set []string) string {
	s := f.str(key, required, false)
	if f.ok() && (s != "" || required) && !oneOf(s, set) {
		f.fail(f.sub(key), "must be one of "+joinOr(set)+", got "+Quote(s))
	}
	return s
}

func (f *fields) boolean(key string, required bool) bool {
	v, ok := f.get(key, required)
	if !ok {
		return false
	}
	switch f.doc.kind(v) {
	case kindTrue:
		return true
	case kindFalse:
		return false
	}
	f.fail(f.sub(key), "must be a boolean, got "+f.doc.typeName(v))
	return false
}

// integer reads a JSON number that must be a whole number in int53 range.
func (f *fields) integer(key string, required bool) int64 {
	v, ok := f.get(key, required)
	if !ok {
		return 0
	}
	if f.doc.kind(v) != kindNumber {
		f.fail(f.sub(key), "must be an integer, got "+f.doc.typeName(v))
		return 0
	}
	n := f.doc.number(v)
	if n != math.Trunc(n) || math.Abs(n) > 1<<53 {
		f.fail(f.sub(key), "must be an integer, got number")
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
	if f.doc.kind(v) != kindObject {
		f.fail(f.sub(key), "must be an object, got "+f.doc.typeName(v))
		return nil
	}
	return f.nested(key, -1, v)
}

// rawObject returns the JSON text of an optional object member, as sent.
func (f *fields) rawObject(key string) []byte {
	v, ok := f.get(key, false)
	if !ok {
		return nil
	}
	if f.doc.kind(v) != kindObject {
		f.fail(f.sub(key), "must be an object, got "+f.doc.typeName(v))
		return nil
	}
	return append([]byte(nil), f.doc.raw(v)...)
}

// elements are the values of one JSON array in a document; the zero value
// is an empty list (an absent or mistyped array).
type elements struct {
	doc        *document
	first, end int
}

// len counts the elements, skipping each subtree in one step.
func (a elements) len() int {
	n := 0
	for e := a.first; e < a.end; e = a.doc.skip(e) {
		n++
	}
	return n
}

// all ranges over the elements: their index and value token.
func (a elements) all(yield func(i, v int) bool) {
	for i, e := 0, a.first; e < a.end; i, e = i+1, a.doc.skip(e) {
		if !yield(i, e) {
			return
		}
	}
}

// array returns the elements of a JSON array, or none when absent.
func (f *fields) array(key string, required bool) elements {
	v, ok := f.get(key, required)
	if !ok {
		return elements{}
	}
	if f.doc.kind(v) != kindArray {
		f.fail(f.sub(key), "must be an array, got "+f.doc.typeName(v))
		return elements{}
	}
	return elements{doc: f.doc, first: v + 1, end: f.doc.skip(v)}
}

// element returns a reader for the i-th element, token v, of the array at
// key.
func (f *fields) element(key string, i, v int) *fields {
	if f.doc.kind(v) != kindObject {
		f.fail(f.sub(key)+"["+strconv.Itoa(i)+"]", "must be an object, got "+f.doc.typeName(v))
		return nil
	}
	return f.nested(key, i, v)
}

// stringList reads an optional array of strings.
func (f *fields) stringList(key string) []string {
	a := f.array(key, false)
	n := a.len()
	if n == 0 {
		return nil
	}
	out := f.doc.stringSlice(n)
	for i, v := range a.all {
		if f.doc.kind(v) != kindString {
			f.fail(f.sub(key)+"["+strconv.Itoa(i)+"]", "must be a string, got "+f.doc.typeName(v))
			return nil
		}
		out[i] = f.doc.text(v)
	}
	return out
}

// stringSlice returns n strings carved from a chunk in the document, so
// the transports of every exclude credential share one allocation. The
// capacity is capped: a caller's append copies instead of overwriting the
// next list.
func (d *document) stringSlice(n int) []string {
	if n > cap(d.strings)-len(d.strings) {
		d.strings = make([]string, 0, max(n, 16))
	}
	start := len(d.strings)
	d.strings = d.strings[:start+n]
	return d.strings[start : start+n : start+n]
}

// unread calls fn with the key token of each member nobody read.
func (f *fields) unread(fn func(k int)) {
	if f.obj < 0 {
		return
	}
	d := f.doc
	for k := f.obj + 1; k < d.skip(f.obj); k = d.skip(k + 1) {
		if d.tape[k].flags&keyRead == 0 {
			fn(k)
		}
	}
}

// unknown returns the keys nobody read, for forward compatibility; only
// their values are converted to Go values.
func (f *fields) unknown() map[string]any {
	var out map[string]any
	f.unread(func(k int) {
		if out == nil {
			out = map[string]any{}
		}
		out[f.doc.text(k)] = f.doc.toAny(k + 1) // the last duplicate wins
	})
	return out
}

// rejectUnknown fails on any key nobody read (for request bodies, which
// Dfns validates with additionalProperties:false), naming the first in
// sorted order so the message does not depend on the sender's order.
func (f *fields) rejectUnknown() {
	first, found := "", false
	f.unread(func(k int) {
		if s := f.doc.text(k); !found || s < first {
			first, found = s, true
		}
	})
	if found {
		f.fail(f.sub(first), "is not allowed")
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
