package dfns

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mustParse parses a document for the reader tests.
func mustParse(t *testing.T, text string) *document {
	t.Helper()
	d, err := parse([]byte(text))
	require.NoError(t, err)
	return d
}

// rootKeys lists the keys of the root object by walking the tape the way
// fields does: key, value, then the value's next.
func rootKeys(d *document) []string {
	var keys []string
	for k := 1; k < d.skip(0); k = d.skip(k + 1) {
		keys = append(keys, d.text(k))
	}
	return keys
}

func TestTapeSkipsSubtreesInOneStep(t *testing.T) {
	d := mustParse(t, `{"a":[1,{"b":[2,[3]]},"x"],"c":{"d":null,"e":{}},"f":"g","h":[]}`)
	assert.Equal(t, []string{"a", "c", "f", "h"}, rootKeys(d))
	assert.Equal(t, len(d.tape), d.skip(0), "the root's subtree is the whole tape")
	for i, tok := range d.tape {
		assert.Greater(t, int(tok.next), i, "token %d", i)
		assert.LessOrEqual(t, int(tok.next), len(d.tape), "token %d", i)
	}
	assert.Equal(t, 3, elements{doc: d, first: 3, end: d.skip(2)}.len())
}

func TestTapeRecordsTokenKindsAndText(t *testing.T) {
	d := mustParse(t, ` [ "a\nb" , -12.5e1 , true , false , null , { } , [ ] ] `)
	var kinds []tokenKind
	for i := 1; i < d.skip(0); i = d.skip(i) {
		kinds = append(kinds, d.kind(i))
	}
	assert.Equal(t, []tokenKind{kindString, kindNumber, kindTrue, kindFalse, kindNull, kindObject, kindArray}, kinds)
	assert.Equal(t, "a\nb", d.text(1))
	assert.Equal(t, tokenFlags(escaped), d.tape[1].flags&escaped)
	assert.Equal(t, -125.0, d.number(2))
	assert.Equal(t, "-12.5e1", string(d.raw(2)))
}

func TestDocumentNumber(t *testing.T) {
	for _, in := range []string{"0", "-0", "7", "-7", "-257", "123456789012345", "-123456789012345", "1234567890123456", "9007199254740993", "1.5", "1e2", "-0.0", "1E-3", "1e-400"} {
		d := mustParse(t, in)
		want, err := strconv.ParseFloat(in, 64)
		require.NoError(t, err)
		got := d.number(0)
		assert.Equal(t, math.Float64bits(want), math.Float64bits(got), "%s: got %v, want %v", in, got, want)
	}
}

func TestHasSpecialByteAgreesWithTheTable(t *testing.T) {
	word := func(b [8]byte) uint64 {
		var x uint64
		for i := 7; i >= 0; i-- {
			x = x<<8 | uint64(b[i])
		}
		return x
	}
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			b := [8]byte{'a', 'Z', '0', ' ', '~', '!', '#', '['}
			b[pos] = byte(c)
			assert.Equal(t, stringBytes[c] != plainByte, hasSpecialByte(word(b)), "byte %#x at %d", c, pos)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	pool := []byte{0x00, 0x1f, 0x20, 0x21, '"', 0x23, '\\', 0x5b, 0x5d, 0x7f, 0x80, 0xff, 'a', 'Z'}
	for range 100_000 {
		var b [8]byte
		want := false
		for i := range b {
			b[i] = pool[r.IntN(len(pool))]
			want = want || stringBytes[b[i]] != plainByte
		}
		require.Equal(t, want, hasSpecialByte(word(b)), "%q", b)
	}
}

func TestPlainRunStopsAtTheFirstSpecialByte(t *testing.T) {
	for n := 0; n < 40; n++ {
		for _, stop := range []byte{'"', '\\', '\n', 0x80} {
			b := make([]byte, n, n+5)
			for i := range b {
				b[i] = 'a' + byte(i%26)
			}
			assert.Equal(t, n, plainRun(b))
			assert.Equal(t, n, plainRun(append(b, stop, 'x', 'y', 'z')), "n=%d stop=%q", n, stop)
		}
	}
}

func TestFieldsReadsEscapedKeys(t *testing.T) {
	d := mustParse(t, `{"\u0069d":"x","n\u0061me":"y","kind":"k"}`)
	f := newFields(d, "o", ErrInvalidChallenge)
	assert.Equal(t, "x", f.str("id", true, true))
	assert.Equal(t, "y", f.str("name", true, true))
	assert.Equal(t, map[string]any{"kind": "k"}, f.unknown())
	assert.Equal(t, map[string]any{"kind": "k"}, newFields(mustParse(t, `{"\u006bind":"k"}`), "o", ErrInvalidChallenge).unknown(), "unknown keys come unescaped")
}

func TestFieldsLastDuplicateWins(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"ShouldTakeTheLastPlainDuplicate", `{"a":1,"b":2,"a":3}`},
		{"ShouldTakeTheLastEscapedDuplicate", `{"a":1,"b":2,"\u0061":3}`},
		{"ShouldTakeTheLastDuplicateOfAnEscapedKey", `{"\u0061":1,"b":2,"a":3}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFields(mustParse(t, tc.in), "o", ErrInvalidChallenge)
			assert.Equal(t, int64(3), f.integer("a", true))
			assert.Equal(t, map[string]any{"b": 2.0}, f.unknown(), "every duplicate of a read key is read")
		})
	}
	t.Run("ShouldKeepTheLastDuplicateOfAnUnknownKey", func(t *testing.T) {
		f := newFields(mustParse(t, `{"x":1,"a":2,"x":[3]}`), "o", ErrInvalidChallenge)
		f.integer("a", true)
		assert.Equal(t, map[string]any{"x": []any{3.0}}, f.unknown())
	})
}

func TestFieldsReadsKeysInAnyOrder(t *testing.T) {
	// More keys than the 64 fingerprint bits, read backwards, forwards and
	// with misses in between: the search cursor must wrap correctly.
	m := map[string]any{}
	var keys []string
	for i := range 100 {
		k := "key" + strconv.Itoa(i)
		keys = append(keys, k)
		m[k] = float64(i)
	}
	data, err := json.Marshal(m)
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(5, 6))
	for range 20 {
		f := newFields(mustParse(t, string(data)), "o", ErrInvalidChallenge)
		for _, i := range r.Perm(len(keys))[:60] {
			assert.Equal(t, int64(i), f.integer(keys[i], true))
			assert.Equal(t, int64(0), f.integer("missing", false))
		}
		assert.Len(t, f.unknown(), 40)
		require.True(t, f.ok())
	}
}

func TestFieldsUnknownConvertsOnlyUnreadSubtrees(t *testing.T) {
	text := `{"kind":"Fido2","hints":["security-key"],"extensions":{"credProps":true,"x":[1,{"y":null}]},"n":-1.5}`
	f := newFields(mustParse(t, text), "challenge", ErrInvalidChallenge)
	assert.Equal(t, "Fido2", f.str("kind", true, true))
	want := stdUnmarshal(t, []byte(text)).(map[string]any)
	delete(want, "kind")
	assert.Equal(t, want, f.unknown())
}

func TestFieldsRejectUnknownNamesTheFirstKeyInOrder(t *testing.T) {
	f := newFields(mustParse(t, `{"z":1,"b":{"y":2},"a":3,"c":4}`), "body", ErrInvalidArgument)
	f.integer("a", true)
	b := f.object("b", true)
	b.rejectUnknown()
	requireError(t, *f.err, CodeInvalidArgument, "body.b.y: is not allowed")

	f = newFields(mustParse(t, `{"z":1,"a":3,"c":4}`), "body", ErrInvalidArgument)
	f.integer("a", true)
	f.rejectUnknown()
	requireError(t, *f.err, CodeInvalidArgument, "body.c: is not allowed")
}

// The reader must agree with the map semantics it replaced: for random
// objects and random subsets of keys read, get finds what a map lookup
// finds, and unknown holds exactly the rest.
func TestFieldsAgreeWithMapSemantics(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		m, ok := randomJSONValue(r, 0).(map[string]any)
		if !ok {
			continue
		}
		data, err := json.Marshal(m)
		require.NoError(t, err)
		f := newFields(mustParse(t, string(data)), "o", ErrInvalidChallenge)
		rest := map[string]any{}
		for k, v := range m {
			if r.IntN(2) == 0 {
				rest[k] = v
				continue
			}
			got, present := f.get(k, false)
			if v == nil {
				assert.False(t, present, "%s: null reads as absent", k)
				continue
			}
			require.True(t, present, "%s in %s", k, data)
			assert.Equal(t, v, f.doc.toAny(got), "%s in %s", k, data)
		}
		_, present := f.get("\x00absent", false)
		assert.False(t, present)
		if len(rest) == 0 {
			rest = nil
		}
		assert.Equal(t, rest, f.unknown(), "%s", data)
	}
}

func TestFieldsRejectsANonObjectRoot(t *testing.T) {
	for in, typ := range map[string]string{`[]`: "array", `"s"`: "string", `1`: "number", `null`: "null", `true`: "boolean"} {
		f := newFields(mustParse(t, in), "challenge", ErrInvalidChallenge)
		requireError(t, *f.err, CodeInvalidChallenge, "challenge: must be a JSON object, got "+typ)
		assert.Nil(t, f.unknown())
		f.rejectUnknown()
	}
}
