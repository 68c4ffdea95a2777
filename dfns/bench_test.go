package dfns

import (
	"encoding/json"
	"testing"
)

// benchChallenge is the seed's Fido2 shape with realistic values and a few
// exclude credentials, as a user with several passkeys gets it.
func benchChallenge(b *testing.B) []byte {
	b.Helper()
	return mutateJSON(b, readTestdata(b, "challenge-fido2.json"), func(m map[string]any) {
		ex := []any{}
		for _, id := range []string{"A-B-C-", "VEVTVA==", "cr-6uunn-bm6ja-f6rmod5kqrk5rbel", "3q2-7w", "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA"} {
			ex = append(ex, map[string]any{"type": "public-key", "id": id, "transports": []any{"usb", "nfc"}})
		}
		m["excludeCredentials"] = ex
	})
}

func BenchmarkDecodeChallenge(b *testing.B) {
	data := benchChallenge(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeChallengeBytes(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkToCreationOptions(b *testing.B) {
	ch, err := DecodeChallengeBytes(benchChallenge(b))
	if err != nil {
		b.Fatal(err)
	}
	opts := CeremonyOptions{DefaultRPID: "page.example"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ToCreationOptions(ch, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeAndConvert(b *testing.B) {
	data := benchChallenge(b)
	opts := CeremonyOptions{DefaultRPID: "page.example"}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		ch, err := DecodeChallengeBytes(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ToCreationOptions(ch, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodingJSONUnmarshal is the baseline: encoding/json into the
// same struct (Challenge carries json tags), with no validation at all.
func BenchmarkEncodingJSONUnmarshal(b *testing.B) {
	data := benchChallenge(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var ch Challenge
		if err := json.Unmarshal(data, &ch); err != nil {
			b.Fatal(err)
		}
	}
}
