package sqlfuncs

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"strings"
)

// AES as Spark's aes_encrypt/aes_decrypt do it: GCM (12-byte IV before
// the ciphertext, 16-byte tag after it), CBC (16-byte IV before it, PKCS#5
// padding) and ECB (PKCS#5 padding, no IV); keys of 16, 24 or 32 bytes.
// And hmac(key, message, algorithm) over SHA-224 … SHA-512.

func init() {
	register(
		// sl_aes_encrypt(input, key, mode, padding, iv, aad)
		// Volatile: without an IV each call draws a random one.
		Func{Name: "sl_aes_encrypt", Args: []string{"ANY", "ANY", "VARCHAR", "VARCHAR", "ANY", "ANY"}, Result: "BLOB", Volatile: true,
			Eval: func(a []any) (any, error) { return aesEval(a, true) }},
		// sl_aes_decrypt(input, key, mode, padding, aad)
		Func{Name: "sl_aes_decrypt", Args: []string{"ANY", "ANY", "VARCHAR", "VARCHAR", "ANY"}, Result: "BLOB",
			Eval: func(a []any) (any, error) { return aesEval(a, false) }},
		Func{Name: "sl_try_aes_decrypt", Args: []string{"ANY", "ANY", "VARCHAR", "VARCHAR", "ANY"}, Result: "BLOB",
			Eval: func(a []any) (any, error) {
				v, err := aesEval(a, false)
				if err != nil {
					return nil, nil //nolint:nilerr // try_: NULL where the plain form fails
				}
				return v, nil
			}},
		Func{Name: "sl_hmac", Args: []string{"ANY", "ANY", "VARCHAR"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			key, err := bytesOf(a[0])
			if err != nil {
				return nil, err
			}
			msg, err := bytesOf(a[1])
			if err != nil {
				return nil, err
			}
			var newHash func() hash.Hash
			switch strings.ToUpper(strings.ReplaceAll(a[2].(string), "-", "")) {
			case "SHA224":
				newHash = sha256.New224
			case "SHA256":
				newHash = sha256.New
			case "SHA384":
				newHash = sha512.New384
			case "SHA512":
				newHash = sha512.New
			default:
				return nil, sparkErr("INVALID_PARAMETER_VALUE", "22023",
					"The value of parameter(s) `algorithm` in `hmac` is invalid: %q is not one of SHA-224, SHA-256, SHA-384, SHA-512.", a[2])
			}
			m := hmac.New(newHash, key)
			m.Write(msg)
			return m.Sum(nil), nil
		}},
	)
}

func aesCryptoErr(detail string) error {
	return sparkErr("INVALID_PARAMETER_VALUE", "22023",
		"The value of parameter(s) `expr`, `key` in `aes_decrypt` is invalid: Detail message: %s", detail)
}

// aesEval runs AES; a holds input, key, mode, padding then (encrypting)
// iv and aad, or (decrypting) aad.
func aesEval(a []any, encrypt bool) (any, error) {
	fn := "aes_decrypt"
	if encrypt {
		fn = "aes_encrypt"
	}
	in, err := bytesOf(a[0])
	if err != nil {
		return nil, err
	}
	key, err := bytesOf(a[1])
	if err != nil {
		return nil, err
	}
	if n := len(key); n != 16 && n != 24 && n != 32 {
		return nil, sparkErr("INVALID_PARAMETER_VALUE", "22023",
			"The value of parameter(s) `key` in `%s` is invalid: expects a binary value with 16, 24 or 32 bytes, but got %d bytes.", fn, n)
	}
	mode := strings.ToUpper(a[2].(string))
	padding := strings.ToUpper(a[3].(string))
	// Each mode takes one padding, its default.
	want, known := map[string]string{"GCM": "NONE", "CBC": "PKCS", "ECB": "PKCS"}[mode]
	if padding == "DEFAULT" {
		padding = want
	}
	if !known || padding != want {
		return nil, sparkErr("UNSUPPORTED_FEATURE", "0A000",
			"The feature is not supported: AES-%s with the padding %s by the `%s` function.", mode, a[3], fn)
	}
	var iv, aad []byte
	if encrypt {
		if iv, err = bytesOf(a[4]); err != nil {
			return nil, err
		}
		if aad, err = bytesOf(a[5]); err != nil {
			return nil, err
		}
	} else if aad, err = bytesOf(a[4]); err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, aesCryptoErr(err.Error())
	}
	switch mode {
	case "GCM":
		return aesGCM(block, in, iv, aad, encrypt)
	case "CBC":
		if len(aad) > 0 {
			return nil, sparkErr("UNSUPPORTED_FEATURE", "0A000", "The feature is not supported: AES-CBC does not take additional authenticated data.")
		}
		return aesCBC(block, in, iv, encrypt)
	}
	if len(iv) > 0 || len(aad) > 0 {
		return nil, sparkErr("UNSUPPORTED_FEATURE", "0A000", "The feature is not supported: AES-ECB takes no IV nor additional authenticated data.")
	}
	return aesECB(block, in, encrypt)
}

func aesGCM(block cipher.Block, in, iv, aad []byte, encrypt bool) (any, error) {
	g, err := cipher.NewGCM(block)
	if err != nil {
		return nil, aesCryptoErr(err.Error())
	}
	if encrypt {
		if len(iv) == 0 {
			iv = make([]byte, g.NonceSize())
			_, _ = rand.Read(iv)
		} else if len(iv) != g.NonceSize() {
			return nil, sparkErr("INVALID_PARAMETER_VALUE", "22023",
				"The value of parameter(s) `iv` in `aes_encrypt` is invalid: AES-GCM expects a 12-byte IV, but got %d bytes.", len(iv))
		}
		return g.Seal(append([]byte(nil), iv...), iv, in, aad), nil
	}
	if len(in) < g.NonceSize()+g.Overhead() {
		return nil, aesCryptoErr("Input too short")
	}
	out, err := g.Open(nil, in[:g.NonceSize()], in[g.NonceSize():], aad)
	if err != nil {
		return nil, aesCryptoErr("Tag mismatch")
	}
	if out == nil {
		out = []byte{}
	}
	return out, nil
}

func aesCBC(block cipher.Block, in, iv []byte, encrypt bool) (any, error) {
	bs := block.BlockSize()
	if encrypt {
		if len(iv) == 0 {
			iv = make([]byte, bs)
			_, _ = rand.Read(iv)
		} else if len(iv) != bs {
			return nil, sparkErr("INVALID_PARAMETER_VALUE", "22023",
				"The value of parameter(s) `iv` in `aes_encrypt` is invalid: AES-CBC expects a 16-byte IV, but got %d bytes.", len(iv))
		}
		p := pkcs5(in, bs)
		out := append(append([]byte(nil), iv...), make([]byte, len(p))...)
		cipher.NewCBCEncrypter(block, iv).CryptBlocks(out[bs:], p)
		return out, nil
	}
	if len(in) < 2*bs || len(in)%bs != 0 {
		return nil, aesCryptoErr("Input length must be multiple of 16 when decrypting with padded cipher")
	}
	out := make([]byte, len(in)-bs)
	cipher.NewCBCDecrypter(block, in[:bs]).CryptBlocks(out, in[bs:])
	return unpkcs5(out, bs)
}

func aesECB(block cipher.Block, in []byte, encrypt bool) (any, error) {
	bs := block.BlockSize()
	if encrypt {
		p := pkcs5(in, bs)
		for i := 0; i < len(p); i += bs {
			block.Encrypt(p[i:i+bs], p[i:i+bs])
		}
		return p, nil
	}
	if len(in) == 0 || len(in)%bs != 0 {
		return nil, aesCryptoErr("Input length must be multiple of 16 when decrypting with padded cipher")
	}
	out := make([]byte, len(in))
	for i := 0; i < len(in); i += bs {
		block.Decrypt(out[i:i+bs], in[i:i+bs])
	}
	return unpkcs5(out, bs)
}

func pkcs5(in []byte, bs int) []byte {
	n := bs - len(in)%bs
	return append(append([]byte(nil), in...), bytes.Repeat([]byte{byte(n)}, n)...)
}

func unpkcs5(in []byte, bs int) (any, error) {
	if len(in) == 0 {
		return nil, aesCryptoErr("Given final block not properly padded")
	}
	n := int(in[len(in)-1])
	if n == 0 || n > bs || n > len(in) || !bytes.Equal(in[len(in)-n:], bytes.Repeat([]byte{byte(n)}, n)) {
		return nil, aesCryptoErr("Given final block not properly padded. Such issues can arise if a bad key is used during decryption.")
	}
	return in[:len(in)-n], nil
}
