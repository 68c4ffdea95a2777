package dfns

import (
	"crypto/rand"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var recoveryCodeShape = regexp.MustCompile(`^D1-[A-HJ-NP-Z2-9]{6}-([A-HJ-NP-Z2-9]{5}-){4}[A-HJ-NP-Z2-9]{6}$`)

func TestRecoveryCodeShouldHaveTheSDKShape(t *testing.T) {
	b := make([]byte, RecoveryCodeRandomBytes)
	for i := 0; i < 100; i++ {
		rand.Read(b)
		code, err := RecoveryCode(b)
		require.NoError(t, err)
		assert.Regexp(t, recoveryCodeShape, code)
		assert.NoError(t, CheckRecoveryCode(code, "recoveryCode"))
	}
	seq := make([]byte, 32)
	for i := range seq {
		seq[i] = byte(i + 64) // the low 5 bits walk the alphabet once
	}
	code, err := RecoveryCode(seq)
	require.NoError(t, err)
	assert.Equal(t, "D1-ABCDEF-GHJKL-MNPQR-STUVW-XYZ23-456789", code)
	_, err = RecoveryCode(make([]byte, 31))
	requireError(t, err, CodeInvalidArgument, "recoveryCode: needs 32 random bytes, got 31")
}

// Every character is equally likely: each of the 256 byte values maps to
// one of 32 characters exactly 8 times.
func TestRecoveryCodeShouldBeUnbiased(t *testing.T) {
	counts := map[byte]int{}
	for v := 0; v < 256; v++ {
		counts[RecoveryCodeAlphabet[byte(v)&31]]++
	}
	assert.Len(t, counts, 32)
	for c, n := range counts {
		assert.Equal(t, 8, n, "character %c", c)
	}
}

func TestCheckRecoveryCodeShouldRejectOtherShapes(t *testing.T) {
	for _, s := range []string{"", "D1-", "D2-ABCDEF-GHJKL-MNPQR-STUVW-XYZ23-456789", "D1-ABCDEF-GHJKL-MNPQR-STUVW-XYZ23-45678",
		"D1-ABCDEF-GHJKL-MNPQR-STUVW-XYZ23-4567890", "D1-ABCDEO-GHJKL-MNPQR-STUVW-XYZ23-456789", "D1-abcdef-GHJKL-MNPQR-STUVW-XYZ23-456789",
		"D1-ABCDEF GHJKL-MNPQR-STUVW-XYZ23-456789", "correct horse battery staple"} {
		assert.Error(t, CheckRecoveryCode(s, "p"), s)
		assert.NotRegexp(t, recoveryCodeShape, s)
	}
}

func TestNormalizeRecoveryCode(t *testing.T) {
	const code = "D1-ABCDEF-GHJKL-MNPQR-STUVW-XYZ23-456789"
	for _, in := range []string{code, " " + code + "\n", "d1-abcdef-ghjkl-mnpqr-stuvw-xyz23-456789", "\t" + code + "\r\n"} {
		assert.Equal(t, code, NormalizeRecoveryCode(in), "%q", in)
		assert.NoError(t, CheckRecoveryCode(NormalizeRecoveryCode(in), "code"))
	}
	assert.Error(t, CheckRecoveryCode(NormalizeRecoveryCode("D1-ABCDEF GHJKL"), "code"))
}
