package dfns

// A recovery code is the password of a RecoveryKey, shown to the user once:
// "D1-" and 32 characters from an alphabet without look-alikes (no I, O, 0,
// 1), grouped 6-5-5-5-5-6, e.g. D1-ABCDEF-GHJKL-MNPQR-STUVW-XYZ23-456789
// (sdk-browser signers/recovery.ts). 32 characters of 5 bits each carry
// 160 bits.

// RecoveryCodeAlphabet has 32 characters: a random byte masked to 5 bits
// picks one with no bias (256 is a multiple of 32).
const RecoveryCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// RecoveryCodeRandomBytes is how many random bytes RecoveryCode takes.
const RecoveryCodeRandomBytes = 32

// recoveryCodeGroups are the lengths of the dash-separated groups.
var recoveryCodeGroups = [...]int{6, 5, 5, 5, 5, 6}

// RecoveryCode formats 32 random bytes (crypto.getRandomValues) as a
// recovery code: the low 5 bits of each byte pick a character.
func RecoveryCode(random []byte) (string, error) {
	if len(random) != RecoveryCodeRandomBytes {
		return "", ErrInvalidArgument.WithMessage("recoveryCode: needs " + itoa(RecoveryCodeRandomBytes) + " random bytes, got " + itoa(len(random)))
	}
	out := make([]byte, 0, 3+RecoveryCodeRandomBytes+len(recoveryCodeGroups)-1)
	out = append(out, "D1"...)
	i := 0
	for _, n := range recoveryCodeGroups {
		out = append(out, '-')
		for j := 0; j < n; j++ {
			out = append(out, RecoveryCodeAlphabet[random[i]&31])
			i++
		}
	}
	return string(out), nil
}

// NormalizeRecoveryCode returns the code as it was generated: surrounding
// spaces and line breaks (a pasted code) removed, letters upper-cased (the
// alphabet has no lower case). Checked with CheckRecoveryCode after.
func NormalizeRecoveryCode(s string) string {
	start, end := 0, len(s)
	for start < end && (s[start] == ' ' || s[start] == '\t' || s[start] == '\n' || s[start] == '\r') {
		start++
	}
	for end > start && (s[end-1] == ' ' || s[end-1] == '\t' || s[end-1] == '\n' || s[end-1] == '\r') {
		end--
	}
	b := []byte(s[start:end])
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// CheckRecoveryCode reports whether s has the shape of a recovery code, so
// a typo is named before a slow PBKDF2 run fails as a wrong password.
func CheckRecoveryCode(s, path string) error {
	bad := fieldError(ErrInvalidArgument, path, "must look like D1-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXXX (letters A-Z without I and O, digits 2-9)")
	if len(s) < 3 || s[:3] != "D1-" {
		return bad
	}
	rest := s[3:]
	for g, n := range recoveryCodeGroups {
		if len(rest) < n {
			return bad
		}
		for _, c := range []byte(rest[:n]) {
			if !inAlphabet(c) {
				return bad
			}
		}
		rest = rest[n:]
		if g < len(recoveryCodeGroups)-1 {
			if len(rest) == 0 || rest[0] != '-' {
				return bad
			}
			rest = rest[1:]
		}
	}
	if rest != "" {
		return bad
	}
	return nil
}

func inAlphabet(c byte) bool {
	for i := 0; i < len(RecoveryCodeAlphabet); i++ {
		if RecoveryCodeAlphabet[i] == c {
			return true
		}
	}
	return false
}
