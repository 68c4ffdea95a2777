package dfns

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The insecure_base_url message names every host that http:// is allowed
// for, and each one it names is accepted.
func TestInsecureBaseURLMessageNamesTheLoopbackHosts(t *testing.T) {
	_, err := checkBaseURL("http://example.com")
	requireError(t, err, CodeInsecureBaseURL, "baseUrl must use https:// (http:// is allowed only for localhost, 127.0.0.1 and [::1])")
	for _, host := range []string{"localhost", "127.0.0.1", "[::1]"} {
		assert.True(t, strings.Contains(ErrInsecureBaseURL.Message, host), "the message lacks %s", host)
		base, err := checkBaseURL("http://" + host + ":8080")
		require.NoError(t, err, host)
		assert.Equal(t, "http://"+host+":8080", base)
	}
}
