package adbcdriver

import (
	"strconv"

	"github.com/apache/arrow-adbc/go/adbc"
)

// optionBase gives an ADBC object the typed halves of adbc.GetSetOptions on
// top of its string GetOption and SetOption: every option here is a string
// at heart, and integers and doubles are their decimal forms.
type optionBase struct {
	get func(key string) (string, error)
	set func(key, value string) error
}

// SetOptionBytes is not supported: no option takes bytes.
func (o optionBase) SetOptionBytes(key string, _ []byte) error {
	return errorf(adbc.StatusNotImplemented, "option %s does not take bytes", key)
}

// SetOptionInt sets an option from its decimal form.
func (o optionBase) SetOptionInt(key string, value int64) error {
	return o.set(key, strconv.FormatInt(value, 10))
}

// SetOptionDouble sets an option from its decimal form.
func (o optionBase) SetOptionDouble(key string, value float64) error {
	return o.set(key, strconv.FormatFloat(value, 'g', -1, 64))
}

// GetOptionBytes returns the string value's bytes.
func (o optionBase) GetOptionBytes(key string) ([]byte, error) {
	v, err := o.get(key)
	if err != nil {
		return nil, err
	}
	return []byte(v), nil
}

// GetOptionInt parses the string value as an integer.
func (o optionBase) GetOptionInt(key string) (int64, error) {
	v, err := o.get(key)
	if err != nil {
		return 0, err
	}
	n, perr := strconv.ParseInt(v, 10, 64)
	if perr != nil {
		return 0, errorf(adbc.StatusInvalidState, "option %s is not an integer", key)
	}
	return n, nil
}

// GetOptionDouble parses the string value as a number.
func (o optionBase) GetOptionDouble(key string) (float64, error) {
	v, err := o.get(key)
	if err != nil {
		return 0, err
	}
	f, perr := strconv.ParseFloat(v, 64)
	if perr != nil {
		return 0, errorf(adbc.StatusInvalidState, "option %s is not a number", key)
	}
	return f, nil
}

// notFound is GetOption's answer for an unknown or unset key.
func notFound(key string) error {
	return errorf(adbc.StatusNotFound, "option %s is not set or not known", key)
}

// unknownOption is SetOption's answer for an unknown key.
func unknownOption(object, key string) error {
	return errorf(adbc.StatusNotImplemented, "unknown %s option %q", object, key)
}
