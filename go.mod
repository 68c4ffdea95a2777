module github.com/credwasm/credwasm

go 1.26.0

require (
	github.com/andybalholm/brotli v1.3.0 // indirect
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/chromedp/chromedp v0.23.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/go-webauthn/webauthn v0.18.2 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	github.com/syumai/workers v0.33.0 // indirect
)
