package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/internal/devserver"
)

// The Vite app of web/spa, built (`make spa`: npm ci && vite build) from
// the npm package in js/, registers a user's first passkey against the
// mock: Vite found the .wasm through new URL(..., import.meta.url) and
// emitted it, the bundle loaded it, and the mock verified the attestation.
func TestViteAppRegistersAPasskey(t *testing.T) {
	dist := filepath.Join(repoDir(t), "web", "spa", "dist")
	_, err := os.Stat(filepath.Join(dist, "index.html"))
	require.NoError(t, err, "web/spa/dist is missing: run `make spa` (make test does)")
	wasm, _ := filepath.Glob(filepath.Join(dist, "assets", "*.wasm"))
	require.Len(t, wasm, 1, "Vite emitted the credwasm.wasm asset")

	m := mock.New(mock.Config{RPID: "localhost"})
	_, userID := m.AddUser("spa@example.com")
	origin := serveLocalhost(t, devserver.Handler(devserver.Config{WebDir: dist, API: m}))
	m.AllowOrigin(origin)

	registerThroughApp(openTab(t, m, userID), origin+"/")
}
