package dfns

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The codes a user reads about — js/credwasm.d.ts's CredwasmErrorCode
// union, the README's table — and the codes the JS loader makes are
// exactly Codes: a code added on one side only fails here.
func TestErrorCodesAreOneList(t *testing.T) {
	sorted := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return slices.Compact(s) }
	want := sorted(Codes)
	require.Len(t, want, len(Codes), "Codes has a duplicate")

	t.Run("ShouldMatchTheDTSUnion", func(t *testing.T) {
		dts := readRepoFile(t, "js/credwasm.d.ts")
		start := strings.Index(dts, "export type CredwasmErrorCode =")
		require.GreaterOrEqual(t, start, 0)
		union := dts[start : start+strings.Index(dts[start:], ";")]
		assert.Equal(t, want, sorted(quoted(union)))
	})
	t.Run("ShouldMatchTheREADMETable", func(t *testing.T) {
		readme := readRepoFile(t, "README.md")
		start := strings.Index(readme, "| code | when |")
		require.GreaterOrEqual(t, start, 0, "the README's error table")
		var got []string
		for _, line := range strings.Split(readme[start:], "\n")[2:] {
			if !strings.HasPrefix(line, "| `") {
				break
			}
			first := strings.Split(line, "|")[1]
			for _, m := range regexp.MustCompile("`([a-z_]+)`").FindAllStringSubmatch(first, -1) {
				got = append(got, m[1])
			}
		}
		assert.Equal(t, want, sorted(got))
	})
	t.Run("ShouldKnowEveryCodeTheLoaderMakes", func(t *testing.T) {
		loader := readRepoFile(t, "js/src/credwasm.js")
		for _, m := range regexp.MustCompile(`code(?:: | \?\? )"([a-z_]+)"`).FindAllStringSubmatch(loader, -1) {
			assert.Contains(t, Codes, m[1], "js/src/credwasm.js makes code %q", m[1])
		}
	})
}

func quoted(s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`"([a-z_]+)"`).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../" + name)
	require.NoError(t, err)
	return string(b)
}
