package dfns

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// readTestdata returns the bytes of testdata/name.
func readTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(tb, err)
	return data
}

// requireError asserts err is an *Error with exactly code and message.
func requireError(tb testing.TB, err error, code, message string) *Error {
	tb.Helper()
	require.Error(tb, err)
	var e *Error
	require.True(tb, errors.As(err, &e), "want *dfns.Error, got %T: %v", err, err)
	require.Equal(tb, code, e.Code, "code of %q", e.Message)
	require.Equal(tb, message, e.Message)
	return e
}

// mutateJSON decodes data with encoding/json, lets edit change it, and
// encodes it again: the test inputs stay readable as one-line edits of a
// known-good example.
func mutateJSON(tb testing.TB, data []byte, edit func(m map[string]any)) []byte {
	tb.Helper()
	var m map[string]any
	require.NoError(tb, json.Unmarshal(data, &m))
	edit(m)
	out, err := json.Marshal(m)
	require.NoError(tb, err)
	return out
}

// obj and arr are shorthands for nested values inside edits.
func obj(m map[string]any, key string) map[string]any { return m[key].(map[string]any) }

func firstOf(m map[string]any, key string) map[string]any {
	return m[key].([]any)[0].(map[string]any)
}
