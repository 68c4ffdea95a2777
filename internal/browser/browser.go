// Package browser starts Debian's Chromium headless through chromedp and
// gives a tab a CDP virtual authenticator, so WebAuthn ceremonies run for
// real (the browser's own WebAuthn code) without a person or a device.
// The e2e tests, the demo driver (`devserver -headless`) and the bench
// share it; browsertest shares one browser among a package's tests.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
)

// ExecPath finds the Chromium binary: $CHROMIUM, else chromium or
// chromium-browser on PATH.
func ExecPath() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("browser: no chromium on PATH; install Debian's chromium (apt-get install -y chromium) or set $CHROMIUM")
}

// New starts one headless Chromium and returns a context for it. The flags
// keep Chromium quiet on a closed network (no background connections, no
// QUIC, no component updates) and let it run as root in a container.
func New(parent context.Context) (context.Context, context.CancelFunc, error) {
	path, err := ExecPath()
	if err != nil {
		return nil, nil, err
	}
	dir, err := os.MkdirTemp("", "credwasm-chromium-")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(dir),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(parent, opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(ctx); err != nil { // start the browser now
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(dir)
		return nil, nil, err
	}
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			cancelBrowser()
			cancelAlloc()
			os.RemoveAll(dir)
		})
	}, nil
}

// NewTab opens a new tab in the browser of browserCtx.
func NewTab(browserCtx context.Context) (context.Context, context.CancelFunc, error) {
	ctx, cancel := chromedp.NewContext(browserCtx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, nil, err
	}
	return ctx, cancel, nil
}

// AddVirtualAuthenticator gives the tab of ctx a platform authenticator
// (CTAP2, internal transport) that holds discoverable credentials, verifies
// the user and simulates presence, so create() and get() complete at once.
func AddVirtualAuthenticator(ctx context.Context) (webauthn.AuthenticatorID, error) {
	return AddAuthenticator(ctx, webauthn.AuthenticatorTransportInternal)
}

// AddSecurityKey adds a roaming authenticator (USB) beside the platform
// one: Chromium allows one internal authenticator per tab, so a user's
// second device is a security key.
func AddSecurityKey(ctx context.Context) (webauthn.AuthenticatorID, error) {
	return AddAuthenticator(ctx, webauthn.AuthenticatorTransportUsb)
}

// AddAuthenticator adds a virtual CTAP 2.1 authenticator with the transport.
func AddAuthenticator(ctx context.Context, transport webauthn.AuthenticatorTransport) (webauthn.AuthenticatorID, error) {
	return AddAuthenticatorWith(ctx, transport, nil)
}

// AddAuthenticatorWith is AddAuthenticator with its options changed by edit
// first, e.g. to support an extension (HasPrf, HasLargeBlob).
func AddAuthenticatorWith(ctx context.Context, transport webauthn.AuthenticatorTransport, edit func(*webauthn.VirtualAuthenticatorOptions)) (webauthn.AuthenticatorID, error) {
	if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		return "", err
	}
	opts := &webauthn.VirtualAuthenticatorOptions{
		Protocol:                    webauthn.AuthenticatorProtocolCtap2,
		Ctap2version:                webauthn.Ctap2versionCtap21,
		Transport:                   transport,
		HasResidentKey:              true,
		HasUserVerification:         true,
		IsUserVerified:              true,
		AutomaticPresenceSimulation: true,
	}
	if edit != nil {
		edit(opts)
	}
	res, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: opts})
	if err != nil {
		return "", err
	}
	return res.AuthenticatorID, nil
}

// Credentials lists what the virtual authenticator holds.
func Credentials(ctx context.Context, id webauthn.AuthenticatorID) ([]*webauthn.Credential, error) {
	res, err := chromedp.Call(ctx, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: id})
	if err != nil {
		return nil, err
	}
	return res.Credentials, nil
}

// SetPresence turns an authenticator's automatic presence simulation on
// or off: off, it is a device nobody touches, so it never answers.
func SetPresence(ctx context.Context, id webauthn.AuthenticatorID, on bool) error {
	_, err := chromedp.Call(ctx, webauthn.SetAutomaticPresenceSimulation,
		webauthn.SetAutomaticPresenceSimulationParams{AuthenticatorID: id, Enabled: on})
	if err != nil {
		return fmt.Errorf("setting the presence simulation of authenticator %s: %w", id, err)
	}
	return nil
}
