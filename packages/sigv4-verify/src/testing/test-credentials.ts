/** Region the test signers sign for. */
export const REGION = 'us-east-1';
/** Access key id of the test credential (AWS's documented example shape). */
export const ACCESS_KEY = 'AKIDEXAMPLE0000000001';
/** Secret of the test credential. */
export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
