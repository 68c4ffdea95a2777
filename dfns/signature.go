package dfns

// WebCrypto's ECDSA sign returns r||s, each as a fixed-size big-endian
// integer (IEEE P1363); Dfns, like every X.509 verifier, wants the ASN.1
// DER form SEQUENCE { INTEGER r, INTEGER s } (SDK: rawSignatureToAns1).

// p256ScalarBytes is the size of r and of s for P-256.
const p256ScalarBytes = 32

// DERSignature converts a P-256 ECDSA signature from r||s to DER.
func DERSignature(p1363 []byte) ([]byte, error) {
	if len(p1363) != 2*p256ScalarBytes {
		return nil, ErrInvalidArgument.WithMessage("signature: a P-256 signature is 64 bytes r||s, got " + itoa(len(p1363)))
	}
	r := derInteger(p1363[:p256ScalarBytes])
	s := derInteger(p1363[p256ScalarBytes:])
	// Both integers are at most 35 bytes, so every length fits one byte.
	out := make([]byte, 0, 2+len(r)+len(s))
	out = append(out, 0x30, byte(len(r)+len(s)))
	out = append(out, r...)
	return append(out, s...), nil
}

// derInteger encodes an unsigned big-endian integer as a DER INTEGER: the
// shortest form (no leading zero bytes), plus one zero byte when the top
// bit is set so it does not read as negative; zero is one 0x00 byte.
func derInteger(b []byte) []byte {
	for len(b) > 1 && b[0] == 0 {
		b = b[1:]
	}
	pad := len(b) > 0 && b[0]&0x80 != 0
	out := make([]byte, 0, 3+len(b))
	out = append(out, 0x02, byte(len(b)))
	if pad {
		out[1]++
		out = append(out, 0)
	}
	return append(out, b...)
}
