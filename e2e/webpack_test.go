package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/internal/devserver"
)

// The webpack 5 app of web/webpack, bundled (`make webpack`: npm ci &&
// webpack) from the npm package with a config that says nothing about
// credwasm, registers a user's first passkey against the mock: webpack
// made the package's new URL("./credwasm.wasm", import.meta.url) an asset,
// emitted it beside the bundle, and its "auto" publicPath found it there.
func TestWebpackAppRegistersAPasskey(t *testing.T) {
	app := filepath.Join(repoDir(t), "web", "webpack")
	_, err := os.Stat(filepath.Join(app, "dist", "main.js"))
	require.NoError(t, err, "web/webpack/dist is missing: run `make webpack` (make test does)")
	wasm, _ := filepath.Glob(filepath.Join(app, "dist", "*.wasm"))
	require.Len(t, wasm, 1, "webpack emitted the credwasm.wasm asset")

	m := mock.New(mock.Config{RPID: "localhost"})
	_, userID := m.AddUser("webpack@example.com")
	// index.html loads dist/main.js: the bundle lives one directory below
	// the page, as many apps deploy it.
	origin := serveLocalhost(t, devserver.Handler(devserver.Config{WebDir: app, API: m}))
	m.AllowOrigin(origin)

	registerThroughApp(openTab(t, m, userID), origin+"/")
}
