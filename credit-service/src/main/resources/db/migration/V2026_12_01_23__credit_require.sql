-- Fails the statement (and so the transaction) when a condition does not hold. Order checks send BEGIN, their
-- statements and COMMIT in one round trip (pipelined): every check that must undo the group (an order id claimed
-- elsewhere, a customer moved meanwhile, an event not appended) is made in SQL, so COMMIT finds the transaction
-- aborted and rolls it back.
CREATE FUNCTION credit_require(ok BOOLEAN, what TEXT) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION 'credit_require: %', what USING ERRCODE = 'LL409';
    END IF;
    RETURN TRUE;
END $$;
